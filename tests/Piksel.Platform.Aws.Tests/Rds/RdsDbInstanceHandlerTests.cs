using Npgsql;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Rds;

/// <summary>
/// DB instances against the emulator's RDS running the machine's PostgreSQL: created with the password from its secret,
/// read back equal to the spec, drift behind the engine's back (backups, deletion protection, the master password)
/// seen and repaired in place, and destroyed by the final-snapshot rule; the RDS strategy's endpoint opens the server.
/// </summary>
[Collection(RdsCollection.Name)]
public sealed class RdsDbInstanceHandlerTests(RdsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RdsDbInstanceHandler Handler() => new(fixture.Context, fixture.Database) { PollInterval = TimeSpan.FromMilliseconds(100), StateWait = TimeSpan.FromMinutes(2) };

    private async Task<RdsDbInstance> DesiredAsync(string password)
    {
        var name = HandlerFixture.Unique("app-db");
        return new RdsDbInstance
        {
            Name = name,
            Account = HandlerFixture.Account,
            StorageEncrypted = true,
            KmsKeyId = fixture.KeyArn,
            MasterUsername = "piksel_test",
            MasterPasswordSecretArn = await fixture.SecretAsync($"piksel/{name}/database-password", password, Ct),
            DatabaseName = "piksel",
            DbSubnetGroupName = fixture.SubnetGroup,
            BackupRetentionPeriod = 1,
            SkipFinalSnapshot = true,
            Tags = HandlerFixture.Tags(HandlerFixture.Unique("env")),
        };
    }

    private async Task<bool> LogsInAsync(RdsDbInstance desired, string password)
    {
        var endpoint = await fixture.Database.GetEndpointAsync(desired.Name, Ct) ?? throw new InvalidOperationException("no endpoint");
        var builder = new NpgsqlConnectionStringBuilder { Host = endpoint.Host, Port = endpoint.Port, Username = desired.MasterUsername, Password = password, Database = "piksel", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(Ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
    }

    [PostgresFact]
    public async Task An_instance_is_created_with_its_secret_s_password_reads_back_as_specified_and_is_deleted_without_snapshot()
    {
        var handler = Handler();
        var desired = await DesiredAsync("first-Password-1");
        Assert.Null(await fixture.Database.GetEndpointAsync(desired.Name, Ct));
        Assert.Null(await handler.ReadAsync(desired, Ct));

        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:rds:us-east-1:{HandlerFixture.Account}:db:{desired.Name}", outputs["arn"]);
        Assert.StartsWith("db-", outputs[RdsDbInstance.ResourceIdOutput], StringComparison.Ordinal);
        var endpoint = await fixture.Database.GetEndpointAsync(desired.Name, Ct);
        Assert.Equal((endpoint!.Host, endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (outputs["address"], outputs["port"]));
        Assert.True(await LogsInAsync(desired, "first-Password-1"));

        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State); // plan after apply: NoChange
        Assert.Equal(outputs, read.Outputs);
        Assert.Contains(await handler.ListManagedAsync(desired.Tags[ManagementTags.Environment], Ct), o => o.State.Name == desired.Name);

        await handler.DeleteAsync(read, Ct); // waits until RDS answers DBInstanceNotFound
        Assert.Null(await handler.ReadAsync(desired, Ct));
        Assert.Null(await fixture.Database.GetEndpointAsync(desired.Name, Ct));
        await handler.DeleteAsync(read, Ct); // already gone: not an error
    }

    [PostgresFact]
    public async Task Drift_behind_the_engine_s_back_is_seen_by_a_read_that_changes_nothing_and_repaired_in_place()
    {
        var handler = Handler();
        var desired = await DesiredAsync("first-Password-2");
        await handler.ApplyAsync(desired, null, Ct);

        // Behind our back: backups off, deletion protection on, and the master password changed.
        using var rds = RdsClients.Rds(fixture.Access);
        await rds.ModifyDbInstanceAsync(new DbInstanceSettings
        {
            Identifier = desired.Name,
            BackupRetentionPeriod = 0,
            DeletionProtection = true,
            MasterUserPassword = new SensitiveString("changed-Behind-1"),
        }, cancellationToken: Ct);
        await WaitAvailableAsync(rds, desired.Name);

        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal((0, true, RdsDbInstance.PasswordDiffersFromSecret),
            (drifted!.State.BackupRetentionPeriod, drifted.State.DeletionProtection, drifted.State.MasterPassword));
        Assert.True(await LogsInAsync(desired, "changed-Behind-1")); // reading repaired nothing
        Assert.Equal(drifted.State.MasterPassword, (await handler.ReadAsync(desired, Ct))!.State.MasterPassword);

        await handler.ApplyAsync(desired, drifted, Ct);
        var repaired = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, repaired!.State);
        Assert.True(await LogsInAsync(desired, "first-Password-2"));
        Assert.False(await LogsInAsync(desired, "changed-Behind-1"));

        // Rotation: a new value in Secrets Manager is drift until the next apply sets it in the server.
        using var secrets = fixture.Secrets();
        await secrets.PutSecretValueAsync(desired.MasterPasswordSecretArn, SecretValue.FromString("rotated-Password-2"), cancellationToken: Ct);
        Assert.Equal(RdsDbInstance.PasswordDiffersFromSecret, (await handler.ReadAsync(desired, Ct))!.State.MasterPassword);
        await handler.ApplyAsync(desired, repaired, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);
        Assert.True(await LogsInAsync(desired, "rotated-Password-2"));
        Assert.False(await LogsInAsync(desired, "first-Password-2"));

        await handler.DeleteAsync(repaired, Ct);
    }

    [PostgresFact]
    public async Task Destroy_honours_deletion_protection_and_takes_the_final_snapshot_unless_told_to_skip_it()
    {
        var handler = Handler();
        var desired = await DesiredAsync("first-Password-3") with { DeletionProtection = true, SkipFinalSnapshot = false };
        desired = desired with { FinalSnapshotIdentifier = $"{desired.Name}-final" };
        await handler.ApplyAsync(desired, null, Ct);
        var read = await handler.ReadAsync(desired, Ct);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => handler.DeleteAsync(read!, Ct));
        Assert.True(AwsErrors.Is(refused, "InvalidParameterCombination"), refused.ToString());
        Assert.NotNull(await handler.ReadAsync(desired, Ct));

        var unprotected = desired with { DeletionProtection = false };
        await handler.ApplyAsync(unprotected, read, Ct);
        await handler.DeleteAsync((await handler.ReadAsync(unprotected, Ct))!, Ct);
        Assert.Null(await handler.ReadAsync(unprotected, Ct));
        Assert.Contains(desired.FinalSnapshotIdentifier!, await SnapshotsAsync());
    }

    [PostgresFact]
    public async Task A_second_instance_with_the_same_identifier_is_refused_by_RDS_and_the_handler_converges_instead()
    {
        var handler = Handler();
        var desired = await DesiredAsync("first-Password-4");
        await handler.ApplyAsync(desired, null, Ct);

        using var rds = RdsClients.Rds(fixture.Access);
        var e = await Assert.ThrowsAsync<Http.AwsApiException>(() => rds.CreateDbInstanceAsync(new DbInstanceSettings
        {
            Identifier = desired.Name,
            Engine = "postgres",
            InstanceClass = "db.t4g.micro",
            AllocatedStorage = 20,
            MasterUsername = "piksel_test",
            MasterUserPassword = new SensitiveString("another-Password-4"),
            DbSubnetGroupName = fixture.SubnetGroup,
        }, Ct));
        Assert.True(e.ErrorCode == "DBInstanceAlreadyExists", e.Message);
        Assert.DoesNotContain("another-Password-4", e.Message, StringComparison.Ordinal);

        // Apply with nothing observed (an earlier attempt made it) converges on the existing instance.
        await handler.ApplyAsync(desired, null, Ct);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);
        await handler.DeleteAsync(read, Ct);
    }

    private async Task<IReadOnlyList<string>> SnapshotsAsync()
    {
        using var snapshots = new SnapshotLister(fixture.Access);
        return await snapshots.ListAsync(Ct);
    }

    private static async Task WaitAvailableAsync(RdsClient rds, string identifier)
    {
        for (var i = 0; i < 200 && (await rds.DescribeDbInstanceAsync(identifier, Ct)).Status != "available"; i++)
        {
            await Task.Delay(50, Ct);
        }
    }
}
