using static Piksel.Emulator.Aws.Tests.Rds.RdsTestKit;

namespace Piksel.Emulator.Aws.Tests.Rds;

/// <summary>DB instances through RDS's query API: made on a (fake) server, paced by the emulator's clock, modified, deleted.</summary>
public sealed class RdsInstanceTests
{
    private const string Create = "DBInstanceIdentifier=app-db&DBInstanceClass=db.t3.micro&Engine=postgres&EngineVersion=16&MasterUsername=piksel_local&MasterUserPassword=Secret-pass1&AllocatedStorage=20&DBName=piksel";

    [Fact]
    public async Task An_encrypted_instance_is_creating_then_backing_up_then_available_with_its_endpoint()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var group = await kit.SubnetGroupAsync();
        var created = await kit.Rds("CreateDBInstance", $"{Create}&DBSubnetGroupName={group}&StorageEncrypted=true&Tags.Tag.1.Key=team&Tags.Tag.1.Value=data");
        Ok(created);
        Assert.Equal("creating", Value(created, "DBInstanceStatus"));
        Assert.Equal("16.11", Value(created, "EngineVersion"));
        Assert.Null(Value(created, "Endpoint"));
        Assert.Matches("^db-[A-Z0-9]{26}$", Value(created, "DbiResourceId"));
        Assert.StartsWith("arn:aws:kms:us-east-1:000000000000:key/", Value(created, "KmsKeyId"), StringComparison.Ordinal);

        Assert.Equal("backing-up", await kit.SettleAsync("app-db", TimeSpan.Zero));
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var described = await kit.Rds("DescribeDBInstances", "DBInstanceIdentifier=APP-DB");
        Assert.Equal("available", Value(described, "DBInstanceStatus"));
        Assert.Equal("localhost", Value(described, "Address"));
        Assert.Equal("Secret-pass1", kit.Servers.Passwords["000000000000-us-east-1-app-db"]);
        Assert.Contains("create 000000000000-us-east-1-app-db 16 piksel_local piksel", kit.Servers.Calls);
        Assert.Equal("true", Value(described, "StorageEncrypted"));

        var again = await kit.Rds("CreateDBInstance", $"{Create}&DBSubnetGroupName={group}");
        Fails(again, 400, "DBInstanceAlreadyExists", "DB instance already exists");
    }

    [Fact]
    public async Task A_new_master_password_reaches_the_server_while_the_instance_is_modifying()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var group = await kit.SubnetGroupAsync();
        Ok(await kit.Rds("CreateDBInstance", $"{Create}&DBSubnetGroupName={group}"));
        await kit.SettleAsync("app-db", TimeSpan.FromSeconds(2));
        var modified = await kit.Rds("ModifyDBInstance", "DBInstanceIdentifier=app-db&MasterUserPassword=Other-pass2&DeletionProtection=true&ApplyImmediately=true");
        Ok(modified);
        Assert.Equal("modifying", Value(modified, "DBInstanceStatus"));
        Assert.Equal("****", Value(modified, "MasterUserPassword"));
        Assert.DoesNotContain("Other-pass2", modified.Text, StringComparison.Ordinal);
        for (var i = 0; i < 200 && kit.Servers.Passwords["000000000000-us-east-1-app-db"] != "Other-pass2"; i++) await Task.Delay(20, Ct);
        for (var i = 0; i < 200 && await kit.StatusAsync("app-db") != "available"; i++) await Task.Delay(20, Ct);
        Assert.Equal("available", await kit.StatusAsync("app-db"));

        Fails(await kit.Rds("DeleteDBInstance", "DBInstanceIdentifier=app-db&SkipFinalSnapshot=true"), 400, "InvalidParameterCombination",
            "Cannot delete protected DB Instance, please disable deletion protection and try again.");
        Ok(await kit.Rds("ModifyDBInstance", "DBInstanceIdentifier=app-db&DeletionProtection=false"));
        Fails(await kit.Rds("DeleteDBInstance", "DBInstanceIdentifier=app-db"), 400, "InvalidParameterCombination",
            "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
        var deleted = await kit.Rds("DeleteDBInstance", "DBInstanceIdentifier=app-db&FinalDBSnapshotIdentifier=app-db-final");
        Ok(deleted);
        Assert.Equal("deleting", Value(deleted, "DBInstanceStatus"));
        Assert.Equal("app-db-final", Value(await kit.Rds("DescribeDBSnapshots", "DBInstanceIdentifier=app-db"), "DBSnapshotIdentifier"));
        RawResponseStatus gone = default;
        for (var i = 0; i < 200; i++)
        {
            var described = await kit.Rds("DescribeDBInstances", "DBInstanceIdentifier=app-db");
            gone = new(described.Status);
            if (described.Status == 404)
            {
                Fails(described, 404, "DBInstanceNotFound", "DBInstance app-db not found.");
                break;
            }
            await Task.Delay(20, Ct);
        }
        Assert.Equal(404, gone.Status);
        Assert.Contains("delete 000000000000-us-east-1-app-db", kit.Servers.Calls);
        Fails(await kit.Rds("DeleteDBSubnetGroup", "DBSubnetGroupName=nope"), 404, "DBSubnetGroupNotFoundFault");
        Ok(await kit.Rds("DeleteDBSubnetGroup", $"DBSubnetGroupName={group}"));
    }

    [Fact]
    public async Task A_server_that_cannot_be_made_leaves_the_instance_failed_with_the_reason_in_an_event()
    {
        await using var kit = await RdsTestKit.StartAsync(new FakeDatabaseServers("16") { FailCreates = true });
        var group = await kit.SubnetGroupAsync();
        Ok(await kit.Rds("CreateDBInstance", $"{Create}&DBSubnetGroupName={group}"));
        for (var i = 0; i < 200 && await kit.StatusAsync("app-db") != "failed"; i++) await Task.Delay(20, Ct);
        Assert.Equal("failed", await kit.StatusAsync("app-db"));
        var events = await kit.Rds("DescribeEvents", "SourceIdentifier=app-db");
        Assert.Contains("initdb failed: install postgresql", events.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_survive_a_restart_and_their_servers_are_started_again()
    {
        var dir = Directory.CreateTempSubdirectory("piksel-rds-test").FullName;
        try
        {
            var clock = new Sts.ManualTimeProvider(DateTimeOffset.UtcNow);
            await using (var kit = await RdsTestKit.StartAsync(dataDirectory: dir, clock: clock))
            {
                var group = await kit.SubnetGroupAsync();
                Ok(await kit.Rds("CreateDBInstance", $"{Create}&DBSubnetGroupName={group}"));
                await kit.SettleAsync("app-db", TimeSpan.FromSeconds(2));
                Assert.Equal("available", await kit.StatusAsync("app-db"));
            }

            var servers = new FakeDatabaseServers("16");
            await using var again = await RdsTestKit.StartAsync(servers, dir, clock);
            for (var i = 0; i < 200 && !servers.Calls.Contains("start 000000000000-us-east-1-app-db"); i++) await Task.Delay(20, Ct);
            Assert.Contains("start 000000000000-us-east-1-app-db", servers.Calls);
            for (var i = 0; i < 200 && Value(await again.Rds("DescribeDBInstances", "DBInstanceIdentifier=app-db"), "Port") != "15433"; i++) await Task.Delay(20, Ct);
            var described = await again.Rds("DescribeDBInstances", "DBInstanceIdentifier=app-db");
            Assert.Equal("available", Value(described, "DBInstanceStatus"));
            Assert.Equal("15433", Value(described, "Port"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private readonly record struct RawResponseStatus(int Status);
}
