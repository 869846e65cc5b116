using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Faults;

namespace Piksel.Emulator.Aws.Tests.Rds.Cli;

/// <summary>IAM over RDS through the AWS CLI: rds:StorageEncrypted/rds:DatabaseEngine conditions, a tag Deny, and kms:CreateGrant on the key.</summary>
public sealed class RdsCliAccessTests
{
    private const string Policy = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"rds:CreateDBInstance","Resource":"*",
           "Condition":{"Bool":{"rds:StorageEncrypted":"true"},"StringEquals":{"rds:DatabaseEngine":"postgres"}}},
          {"Effect":"Allow","Action":["rds:Describe*","rds:ListTagsForResource","rds:AddTagsToResource","rds:DeleteDBInstance"],"Resource":"*"},
          {"Effect":"Deny","Action":"rds:DeleteDBInstance","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}},
          {"Effect":"Allow","Action":["kms:CreateGrant","kms:DescribeKey"],"Resource":"KEY"}
        ]}
        """;

    [AwsCliFact]
    public async Task A_user_may_create_only_encrypted_postgres_on_a_key_it_may_grant_and_may_not_delete_prod()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var root = new RdsCli(kit.Emulator.Endpoint);
        var group = await root.SubnetGroupAsync();
        var granted = (await root.JsonAsync("kms", "create-key"))["KeyMetadata"]!["Arn"]!.GetValue<string>();
        var other = (await root.JsonAsync("kms", "create-key"))["KeyMetadata"]!["Arn"]!.GetValue<string>();
        await root.JsonAsync("iam", "create-user", "--user-name", "dba");
        await root.JsonAsync("iam", "put-user-policy", "--user-name", "dba", "--policy-name", "rds", "--policy-document", Policy.Replace("KEY", granted, StringComparison.Ordinal));
        var keys = (await root.JsonAsync("iam", "create-access-key", "--user-name", "dba"))["AccessKey"]!;
        var dba = root.As(keys["AccessKeyId"]!.GetValue<string>(), keys["SecretAccessKey"]!.GetValue<string>());
        string[] create = ["rds", "create-db-instance", "--db-instance-class", "db.t3.micro", "--engine", "postgres", "--master-username", "piksel",
            "--master-user-password", "Secret-pass1", "--allocated-storage", "20", "--db-subnet-group-name", group];

        var (code, error) = await dba.FailsAsync([.. create, "--db-instance-identifier", "plain"]);
        Assert.Equal(255, code);
        Assert.Contains("(AccessDenied)", error, StringComparison.Ordinal);
        Assert.Contains("user/dba is not authorized to perform: rds:CreateDBInstance", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-pass1", error, StringComparison.Ordinal);
        Assert.Empty((await root.JsonAsync("rds", "describe-db-instances"))["DBInstances"]!.AsArray());

        (_, error) = await dba.FailsAsync([.. create, "--db-instance-identifier", "other-key", "--storage-encrypted", "--kms-key-id", other]);
        Assert.True(error.Contains("(KMSKeyNotAccessibleFault)", StringComparison.Ordinal), error);
        Assert.Contains($"The specified KMS key [{other}] does not exist, is not enabled or you do not have permissions to access it.", error, StringComparison.Ordinal);

        var prod = (await dba.JsonAsync([.. create, "--db-instance-identifier", "prod-db", "--storage-encrypted", "--kms-key-id", granted, "--tags", "Key=env,Value=prod"]))["DBInstance"]!;
        Assert.Equal(granted, prod["KmsKeyId"]!.GetValue<string>());
        await dba.JsonAsync([.. create, "--db-instance-identifier", "dev-db", "--storage-encrypted", "--kms-key-id", granted, "--tags", "Key=env,Value=dev"]);
        await dba.WaitForAsync("prod-db", "available", () => kit.Clock.Advance(TimeSpan.FromSeconds(1)));
        await dba.WaitForAsync("dev-db", "available", () => kit.Clock.Advance(TimeSpan.FromSeconds(1)));

        (code, error) = await dba.FailsAsync("rds", "delete-db-instance", "--db-instance-identifier", "prod-db", "--skip-final-snapshot");
        Assert.Equal(255, code);
        Assert.Contains("(AccessDenied)", error, StringComparison.Ordinal);
        Assert.Contains("rds:DeleteDBInstance", error, StringComparison.Ordinal);
        Assert.Equal("available", (await root.InstanceAsync("prod-db"))["DBInstanceStatus"]!.GetValue<string>());
        var deleted = (await dba.JsonAsync("rds", "delete-db-instance", "--db-instance-identifier", "dev-db", "--skip-final-snapshot"))["DBInstance"]!;
        Assert.Equal("deleting", deleted["DBInstanceStatus"]!.GetValue<string>());
        Assert.IsType<JsonObject>(deleted);
    }
}
