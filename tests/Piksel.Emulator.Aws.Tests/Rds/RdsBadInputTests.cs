using static Piksel.Emulator.Aws.Tests.Rds.RdsTestKit;

namespace Piksel.Emulator.Aws.Tests.Rds;

/// <summary>Every bad input of issue 11 and the reference's error table, answered with RDS's code, status and sentence.</summary>
public sealed class RdsBadInputTests
{
    private const string Base = "DBInstanceIdentifier=bad-db&DBInstanceClass=db.t3.micro&Engine=postgres&MasterUsername=piksel&AllocatedStorage=20&DBSubnetGroupName=db-subnets";

    public static TheoryData<string, int, string, string?> Cases => new()
    {
        { Base + "&MasterUserPassword=Secret-pass1&EngineVersion=14.9", 400, "InvalidParameterCombination", "Cannot find version 14.9 for postgres. This emulator runs the machine's PostgreSQL 15, 16, so only those major versions can be created." },
        { Base + "&MasterUserPassword=Secret-pass1&EngineVersion=17", 400, "InvalidParameterCombination", null },
        { Base.Replace("postgres", "mysql", StringComparison.Ordinal) + "&MasterUserPassword=Secret-pass1", 400, "InvalidParameterValue", "Invalid DB engine" },
        { Base.Replace("db.t3.micro", "db.x9.huge", StringComparison.Ordinal) + "&MasterUserPassword=Secret-pass1", 400, "InvalidParameterValue", "Invalid DB Instance class: db.x9.huge" },
        { Base + "&MasterUserPassword=Secret-pass1&KmsKeyId=alias/aws/rds", 400, "InvalidParameterCombination", "You must enable StorageEncrypted when you specify KmsKeyId for DB engine postgres" },
        { Base + "&MasterUserPassword=short", 400, "InvalidParameterValue", "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters." },
        { Base + "&MasterUserPassword=has%40at-sign", 400, "InvalidParameterValue", "The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used." },
        { Base + "&MasterUserPassword=Secret-pass1&ManageMasterUserPassword=true", 400, "InvalidParameterCombination", null },
        { Base.Replace("MasterUsername=piksel", "MasterUsername=postgres", StringComparison.Ordinal) + "&MasterUserPassword=Secret-pass1", 400, "InvalidParameterValue", "MasterUsername postgres cannot be used as it is a reserved word used by the engine" },
        { Base.Replace("bad-db", "bad--db", StringComparison.Ordinal) + "&MasterUserPassword=Secret-pass1", 400, "InvalidParameterValue", null },
        { Base.Replace("AllocatedStorage=20", "AllocatedStorage=10", StringComparison.Ordinal) + "&MasterUserPassword=Secret-pass1", 400, "InvalidParameterValue", "Invalid storage size for engine name postgres and storage type gp3: 10" },
        { Base.Replace("DBInstanceClass=db.t3.micro&", "", StringComparison.Ordinal), 400, "MissingParameter", "The request must contain the parameter DBInstanceClass" },
        { Base.Replace("db-subnets", "none", StringComparison.Ordinal) + "&MasterUserPassword=Secret-pass1", 404, "DBSubnetGroupNotFoundFault", "DBSubnetGroup 'none' not found." },
        { Base + "&MasterUserPassword=Secret-pass1&StorageEncrypted=true&KmsKeyId=alias/missing", 400, "KMSKeyNotAccessibleFault", "The specified KMS key [alias/missing] does not exist, is not enabled or you do not have permissions to access it." },
        { Base + "&MasterUserPassword=Secret-pass1&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0123456789abcdef0", 400, "InvalidParameterValue", null },
        { Base + "&MasterUserPassword=Secret-pass1&StorageEncrypted=maybe", 400, "InvalidParameterValue", null },
        { Base + "&MasterUserPassword=Secret-pass1&AllocatedStorage=lots", 400, "InvalidParameterValue", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateDBInstance_refuses_bad_input_with_RDSs_error(string form, int status, string code, string? message)
    {
        await using var kit = await RdsTestKit.StartAsync(new FakeDatabaseServers("15", "16"));
        await kit.SubnetGroupAsync();
        Fails(await kit.Rds("CreateDBInstance", form), status, code, message);
        Assert.DoesNotContain("Secret-pass1", (await kit.Rds("DescribeDBInstances")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subnet_group_in_one_zone_is_refused()
    {
        await using var kit = await RdsTestKit.StartAsync();
        var (_, subnets) = await kit.NetworkAsync("us-east-1a", "us-east-1a");
        Fails(await kit.Rds("CreateDBSubnetGroup", $"DBSubnetGroupName=one-az&DBSubnetGroupDescription=x&SubnetIds.SubnetIdentifier.1={subnets[0]}&SubnetIds.SubnetIdentifier.2={subnets[1]}"),
            400, "DBSubnetGroupDoesNotCoverEnoughAZs",
            "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: us-east-1a. Add subnets to cover at least 2 AZs.");
        Fails(await kit.Rds("CreateDBSubnetGroup", "DBSubnetGroupName=ghost&DBSubnetGroupDescription=x&SubnetIds.SubnetIdentifier.1=subnet-0000000000000000a"), 400, "InvalidSubnet");
        await kit.SubnetGroupAsync("twice");
        var (_, more) = await kit.NetworkAsync("us-east-1a", "us-east-1b");
        Fails(await kit.Rds("CreateDBSubnetGroup", $"DBSubnetGroupName=twice&DBSubnetGroupDescription=x&SubnetIds.SubnetIdentifier.1={more[0]}&SubnetIds.SubnetIdentifier.2={more[1]}"),
            400, "DBSubnetGroupAlreadyExists");
        var listed = await kit.Rds("DescribeDBSubnetGroups", "DBSubnetGroupName=twice");
        Assert.Equal("Active", Value(listed, "SubnetStatus"));
        Assert.Equal("us-east-1a", Value(listed, "Name"));
    }

    [Fact]
    public async Task Parameter_groups_take_the_parameters_that_matter_and_refuse_others()
    {
        await using var kit = await RdsTestKit.StartAsync();
        Ok(await kit.Rds("CreateDBParameterGroup", "DBParameterGroupName=app-pg&DBParameterGroupFamily=postgres16&Description=app"));
        Fails(await kit.Rds("CreateDBParameterGroup", "DBParameterGroupName=app-pg&DBParameterGroupFamily=postgres16&Description=app"), 400, "DBParameterGroupAlreadyExists");
        Ok(await kit.Rds("ModifyDBParameterGroup", "DBParameterGroupName=app-pg&Parameters.Parameter.1.ParameterName=rds.force_ssl&Parameters.Parameter.1.ParameterValue=0&Parameters.Parameter.1.ApplyMethod=immediate"));
        Fails(await kit.Rds("ModifyDBParameterGroup", "DBParameterGroupName=app-pg&Parameters.Parameter.1.ParameterName=work_mem_typo&Parameters.Parameter.1.ParameterValue=1&Parameters.Parameter.1.ApplyMethod=immediate"),
            400, "InvalidParameterValue", "Could not find parameter with name: work_mem_typo");
        Fails(await kit.Rds("ModifyDBParameterGroup", "DBParameterGroupName=app-pg&Parameters.Parameter.1.ParameterName=max_connections&Parameters.Parameter.1.ParameterValue=100&Parameters.Parameter.1.ApplyMethod=immediate"),
            400, "InvalidParameterCombination");
        var user = await kit.Rds("DescribeDBParameters", "DBParameterGroupName=app-pg&Source=user");
        Assert.Equal("rds.force_ssl", Value(user, "ParameterName"));
        Assert.Equal("0", Value(user, "ParameterValue"));
        Fails(await kit.Rds("DescribeDBParameterGroups", "DBParameterGroupName=nope"), 404, "DBParameterGroupNotFound");
        Ok(await kit.Rds("DeleteDBParameterGroup", "DBParameterGroupName=app-pg"));
    }

    [Fact]
    public async Task Unknown_actions_and_unserved_services_name_what_was_asked()
    {
        await using var kit = await RdsTestKit.StartAsync();
        Fails(await kit.Rds("CreateDBCluster"), 400, "InvalidAction", "The action CreateDBCluster is not valid for this web service.");
        var unserved = await kit.Call("route53", "Action=ListHostedZones&Version=2013-04-01");
        Assert.Equal(400, unserved.Status);
        Assert.Contains("'route53'", unserved.Text, StringComparison.Ordinal);
        Assert.Contains("ListHostedZones", unserved.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_versions_list_only_the_majors_the_machine_runs()
    {
        await using var kit = await RdsTestKit.StartAsync(new FakeDatabaseServers("15"));
        var versions = await kit.Rds("DescribeDBEngineVersions", "Engine=postgres");
        Assert.Contains("<EngineVersion>15.14</EngineVersion>", versions.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<EngineVersion>16.", versions.Text, StringComparison.Ordinal);
    }
}
