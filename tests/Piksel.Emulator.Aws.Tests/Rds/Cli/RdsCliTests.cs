using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Faults;

namespace Piksel.Emulator.Aws.Tests.Rds.Cli;

/// <summary>RDS through the AWS CLI v1 (botocore's own serialisation and parsing) against fake servers and a hand clock.</summary>
public sealed class RdsCliTests
{
    private static readonly string[] Create =
    [
        "rds", "create-db-instance", "--db-instance-class", "db.t3.micro", "--engine", "postgres", "--engine-version", "16",
        "--master-username", "piksel_cli", "--allocated-storage", "20", "--db-name", "app",
    ];

    [AwsCliFact]
    public async Task The_cli_walks_subnet_groups_parameter_groups_and_an_encrypted_instance_to_its_final_snapshot()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var cli = new RdsCli(kit.Emulator.Endpoint);
        var group = await cli.SubnetGroupAsync();
        var groups = await cli.JsonAsync("rds", "describe-db-subnet-groups", "--db-subnet-group-name", group);
        Assert.Equal(2, groups["DBSubnetGroups"]![0]!["Subnets"]!.AsArray().Count);
        Assert.Equal("Complete", groups["DBSubnetGroups"]![0]!["SubnetGroupStatus"]!.GetValue<string>());

        await cli.JsonAsync("rds", "create-db-parameter-group", "--db-parameter-group-name", "cli-pg", "--db-parameter-group-family", "postgres16", "--description", "cli");
        await cli.JsonAsync("rds", "modify-db-parameter-group", "--db-parameter-group-name", "cli-pg",
            "--parameters", "ParameterName=rds.force_ssl,ParameterValue=0,ApplyMethod=immediate");
        var parameters = (await cli.JsonAsync("rds", "describe-db-parameters", "--db-parameter-group-name", "cli-pg", "--source", "user"))["Parameters"]!.AsArray();
        Assert.Equal(("rds.force_ssl", "0"), (parameters.Single()!["ParameterName"]!.GetValue<string>(), parameters.Single()!["ParameterValue"]!.GetValue<string>()));

        var key = (await cli.JsonAsync("kms", "create-key", "--description", "rds"))["KeyMetadata"]!["Arn"]!.GetValue<string>();
        var created = (await cli.JsonAsync([.. Create, "--db-instance-identifier", "cli-db", "--master-user-password", "Secret-pass1",
            "--db-subnet-group-name", group, "--db-parameter-group-name", "cli-pg", "--storage-encrypted", "--kms-key-id", key,
            "--tags", "Key=team,Value=data"]))["DBInstance"]!;
        Assert.Equal("creating", created["DBInstanceStatus"]!.GetValue<string>());
        Assert.DoesNotContain("Secret-pass1", created.ToJsonString(), StringComparison.Ordinal);

        var db = await cli.WaitForAsync("cli-db", "available", () => kit.Clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal("localhost", db["Endpoint"]!["Address"]!.GetValue<string>());
        Assert.True(db["Endpoint"]!["Port"]!.GetValue<int>() > 15432);
        Assert.True(db["StorageEncrypted"]!.GetValue<bool>());
        Assert.Equal(key, db["KmsKeyId"]!.GetValue<string>());
        Assert.Equal(2, db["DBSubnetGroup"]!["Subnets"]!.AsArray().Count);
        Assert.Equal("cli-pg", db["DBParameterGroups"]![0]!["DBParameterGroupName"]!.GetValue<string>());
        var arn = db["DBInstanceArn"]!.GetValue<string>();

        var modified = (await cli.JsonAsync("rds", "modify-db-instance", "--db-instance-identifier", "cli-db", "--master-user-password", "Other-pass2", "--apply-immediately"))["DBInstance"]!;
        Assert.DoesNotContain("Other-pass2", modified.ToJsonString(), StringComparison.Ordinal);
        await cli.WaitForAsync("cli-db", "available");
        Assert.Equal("Other-pass2", kit.Servers.Passwords["000000000000-us-east-1-cli-db"]);

        Assert.Equal(["team=data"], Tags(await cli.JsonAsync("rds", "list-tags-for-resource", "--resource-name", arn)));
        await cli.JsonAsync("rds", "add-tags-to-resource", "--resource-name", arn, "--tags", "Key=env,Value=dev");
        Assert.Equal(["env=dev", "team=data"], Tags(await cli.JsonAsync("rds", "list-tags-for-resource", "--resource-name", arn)).Order(StringComparer.Ordinal));

        var versions = (await cli.JsonAsync("rds", "describe-db-engine-versions", "--engine", "postgres"))["DBEngineVersions"]!.AsArray();
        Assert.Contains(versions, v => v!["EngineVersion"]!.GetValue<string>().StartsWith("16.", StringComparison.Ordinal));
        Assert.All(versions, v => Assert.Equal("postgres", v!["Engine"]!.GetValue<string>()));

        var (code, error) = await cli.FailsAsync("rds", "delete-db-instance", "--db-instance-identifier", "cli-db");
        Assert.Equal(255, code);
        Assert.Contains("(InvalidParameterCombination)", error, StringComparison.Ordinal);
        Assert.Contains("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.", error, StringComparison.Ordinal);

        var deleting = (await cli.JsonAsync("rds", "delete-db-instance", "--db-instance-identifier", "cli-db", "--final-db-snapshot-identifier", "cli-db-final"))["DBInstance"]!;
        Assert.Equal("deleting", deleting["DBInstanceStatus"]!.GetValue<string>());
        var snapshot = (await cli.JsonAsync("rds", "describe-db-snapshots", "--db-instance-identifier", "cli-db"))["DBSnapshots"]![0]!;
        Assert.Equal(("cli-db-final", "postgres", true), (snapshot["DBSnapshotIdentifier"]!.GetValue<string>(), snapshot["Engine"]!.GetValue<string>(), snapshot["Encrypted"]!.GetValue<bool>()));
    }

    [AwsCliFact]
    public async Task A_missing_instance_is_DBInstanceNotFound_and_skip_final_snapshot_deletes()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var cli = new RdsCli(kit.Emulator.Endpoint);
        var (code, error) = await cli.FailsAsync("rds", "describe-db-instances", "--db-instance-identifier", "nope");
        Assert.Equal(255, code);
        Assert.Contains("An error occurred (DBInstanceNotFound) when calling the DescribeDBInstances operation: DBInstance nope not found.", error, StringComparison.Ordinal);

        var group = await cli.SubnetGroupAsync();
        await cli.JsonAsync([.. Create, "--db-instance-identifier", "short-lived", "--master-user-password", "Secret-pass1", "--db-subnet-group-name", group]);
        await cli.WaitForAsync("short-lived", "available", () => kit.Clock.Advance(TimeSpan.FromSeconds(1)));
        await cli.JsonAsync("rds", "delete-db-instance", "--db-instance-identifier", "short-lived", "--skip-final-snapshot");
        Assert.Empty((await cli.JsonAsync("rds", "describe-db-snapshots", "--db-instance-identifier", "short-lived"))["DBSnapshots"]!.AsArray());
    }

    [AwsCliFact]
    public async Task A_managed_master_password_is_readable_from_secrets_manager_as_username_and_password()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var cli = new RdsCli(kit.Emulator.Endpoint);
        var group = await cli.SubnetGroupAsync();
        var created = (await cli.JsonAsync([.. Create, "--db-instance-identifier", "managed-db", "--manage-master-user-password", "--db-subnet-group-name", group]))["DBInstance"]!;
        var secretArn = created["MasterUserSecret"]!["SecretArn"]!.GetValue<string>();
        Assert.StartsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:rds!db-", secretArn, StringComparison.Ordinal);

        await cli.WaitForAsync("managed-db", "available", () => kit.Clock.Advance(TimeSpan.FromSeconds(1)));
        var secret = await cli.JsonAsync("secretsmanager", "get-secret-value", "--secret-id", secretArn);
        var value = JsonNode.Parse(secret["SecretString"]!.GetValue<string>())!.AsObject();
        Assert.Equal(["password", "username"], value.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("piksel_cli", value["username"]!.GetValue<string>());
        Assert.Equal(kit.Servers.Passwords["000000000000-us-east-1-managed-db"], value["password"]!.GetValue<string>());
    }

    private static IEnumerable<string> Tags(JsonObject listed) =>
        listed["TagList"]!.AsArray().Select(t => $"{t!["Key"]!.GetValue<string>()}={t["Value"]!.GetValue<string>()}");
}
