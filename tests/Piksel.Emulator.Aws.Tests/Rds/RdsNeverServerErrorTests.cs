using static Piksel.Emulator.Aws.Tests.Rds.RdsTestKit;

namespace Piksel.Emulator.Aws.Tests.Rds;

/// <summary>Every RDS operation with missing or malformed parameters: a 4xx Sender error with an RDS code, never a 5xx or an empty body.</summary>
public sealed class RdsNeverServerErrorTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "CreateDBInstance", "" },
        { "CreateDBInstance", "DBInstanceIdentifier=x&DBInstanceClass=db.t3.micro&Engine=postgres&MasterUsername=a&MasterUserPassword=Secret-pass1&AllocatedStorage=99999999999" },
        { "CreateDBInstance", "DBInstanceIdentifier=x%01y&DBInstanceClass=db.t3.micro&Engine=postgres&MasterUsername=a&MasterUserPassword=Secret-pass1&AllocatedStorage=20" },
        { "CreateDBInstance", "DBInstanceIdentifier=x&DBInstanceClass=db.t3.micro&Engine=postgres&MasterUsername=a&MasterUserPassword=Secret-pass1&AllocatedStorage=20&Port=-1&DBSubnetGroupName=db-subnets" },
        { "ModifyDBInstance", "" },
        { "ModifyDBInstance", "DBInstanceIdentifier=nope&MasterUserPassword=Secret-pass1" },
        { "DeleteDBInstance", "" },
        { "DeleteDBInstance", "DBInstanceIdentifier=nope&SkipFinalSnapshot=maybe" },
        { "RebootDBInstance", "" },
        { "StartDBInstance", "DBInstanceIdentifier=nope" },
        { "StopDBInstance", "" },
        { "DescribeDBInstances", "MaxRecords=5" },
        { "DescribeDBInstances", "Marker=zzz" },
        { "DescribeDBInstances", "Filters.Filter.1.Name=bogus&Filters.Filter.1.Values.Value.1=x" },
        { "DescribeDBInstances", "DBInstanceIdentifier=arn%3Aaws%3Ards%3A%3A%3A" },
        { "CreateDBSubnetGroup", "" },
        { "CreateDBSubnetGroup", "DBSubnetGroupName=g&DBSubnetGroupDescription=d" },
        { "ModifyDBSubnetGroup", "DBSubnetGroupName=nope&SubnetIds.SubnetIdentifier.1=subnet-1" },
        { "DeleteDBSubnetGroup", "" },
        { "DescribeDBSubnetGroups", "DBSubnetGroupName=nope" },
        { "CreateDBParameterGroup", "DBParameterGroupName=p&DBParameterGroupFamily=mysql8.0&Description=d" },
        { "CreateDBParameterGroup", "DBParameterGroupName=p" },
        { "ModifyDBParameterGroup", "DBParameterGroupName=default.postgres16&Parameters.Parameter.1.ParameterName=rds.force_ssl&Parameters.Parameter.1.ParameterValue=0&Parameters.Parameter.1.ApplyMethod=immediate" },
        { "ModifyDBParameterGroup", "DBParameterGroupName=nope" },
        { "DeleteDBParameterGroup", "" },
        { "DescribeDBParameters", "" },
        { "DescribeDBSnapshots", "DBSnapshotIdentifier=nope" },
        { "DeleteDBSnapshot", "" },
        { "DescribeDBEngineVersions", "Engine=oracle-ee&MaxRecords=1000" },
        { "DescribeOrderableDBInstanceOptions", "" },
        { "AddTagsToResource", "ResourceName=not-an-arn&Tags.Tag.1.Key=a&Tags.Tag.1.Value=b" },
        { "AddTagsToResource", "" },
        { "RemoveTagsFromResource", "ResourceName=arn%3Aaws%3Ards%3Aus-east-1%3A000000000000%3Adb%3Anope&TagKeys.member.1=a" },
        { "ListTagsForResource", "ResourceName=arn%3Aaws%3As3%3A%3A%3Abucket" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_or_missing_parameters_are_a_sender_error_in_RDSs_shape(string action, string form)
    {
        await using var kit = await RdsTestKit.StartAsync();
        await kit.SubnetGroupAsync();
        var response = await kit.Rds(action, form);
        Assert.True(response.Status is >= 400 and < 500, response.ToString());
        Assert.Null(Piksel.Emulator.Aws.Tests.Infrastructure.ErrorShape.Check(response, Piksel.Emulator.Aws.Protocol.AwsProtocol.Query, head: false));
        Assert.Contains("<Type>Sender</Type>", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-pass1", response.Text, StringComparison.Ordinal);
        Assert.Empty(kit.Servers.Calls);
    }
}
