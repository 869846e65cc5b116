using System.Globalization;
using System.Xml.Linq;
using Piksel.Platform.Aws.Http;
using static Piksel.Platform.Aws.Rds.RdsAnswers;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// A typed RDS client (awsQuery, 2014-10-31) signed with AWSSDK.Core, for real RDS (<c>rds.&lt;region&gt;.amazonaws.com</c>)
/// or any endpoint in <see cref="AwsClientOptions.ServiceUrl"/>: DB instances, subnet groups, parameter groups and
/// tags. Errors surface as <see cref="AwsApiException"/> with RDS's codes (DBInstanceNotFound,
/// DBSubnetGroupNotFoundFault, InvalidDBInstanceState…). Lists go out as RDS's model names them
/// (<c>SubnetIds.SubnetIdentifier.1</c>, <c>Tags.Tag.1.Key</c>), as botocore serialises them.
/// </summary>
public sealed class RdsClient(AwsClientOptions options)
    : QueryApiClient(options, "rds", "2014-10-31", $"rds.{options?.Region}.amazonaws.com")
{
    /// <summary>The instance <paramref name="identifier"/> (DBInstanceNotFound when there is none).</summary>
    public async Task<DbInstance> DescribeDbInstanceAsync(string identifier, CancellationToken cancellationToken = default) =>
        Items(await CallAsync("DescribeDBInstances", P(("DBInstanceIdentifier", identifier)), cancellationToken), "DBInstances", "DBInstance")
            .Select(Instance).FirstOrDefault()
        ?? throw new AwsApiException("DBInstanceNotFound", $"DBInstance {identifier} not found.", System.Net.HttpStatusCode.NotFound, null);

    /// <summary>Every instance of the account and region, following markers.</summary>
    public async Task<IReadOnlyList<DbInstance>> DescribeDbInstancesAsync(CancellationToken cancellationToken = default) =>
        await AllAsync("DescribeDBInstances", [], "DBInstances", "DBInstance", Instance, cancellationToken);

    /// <summary>Creates an instance; answers it as RDS does (status <c>creating</c>).</summary>
    public async Task<DbInstance> CreateDbInstanceAsync(DbInstanceSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = await CallAsync("CreateDBInstance", InstanceParameters(settings), cancellationToken);
        return Instance(result.Element("DBInstance")!);
    }

    /// <summary>Modifies an instance, applied immediately; null fields stay as they are.</summary>
    public async Task<DbInstance> ModifyDbInstanceAsync(DbInstanceSettings settings, bool allowMajorVersionUpgrade = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parameters = InstanceParameters(settings with { Engine = null, StorageEncrypted = null, KmsKeyId = null, MasterUsername = null, DatabaseName = null, Tags = null })
            .Concat(P(("ApplyImmediately", "true"), ("AllowMajorVersionUpgrade", allowMajorVersionUpgrade ? "true" : null)));
        var result = await CallAsync("ModifyDBInstance", parameters, cancellationToken);
        return Instance(result.Element("DBInstance")!);
    }

    /// <summary>Deletes an instance, without a final snapshot or with one named <paramref name="finalSnapshotIdentifier"/>.</summary>
    public async Task<DbInstance> DeleteDbInstanceAsync(string identifier, bool skipFinalSnapshot, string? finalSnapshotIdentifier, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("DeleteDBInstance", P(
            ("DBInstanceIdentifier", identifier),
            ("SkipFinalSnapshot", skipFinalSnapshot ? "true" : "false"),
            ("FinalDBSnapshotIdentifier", skipFinalSnapshot ? null : finalSnapshotIdentifier)), cancellationToken);
        return Instance(result.Element("DBInstance")!);
    }

    /// <summary>The subnet group <paramref name="name"/> (DBSubnetGroupNotFoundFault when there is none).</summary>
    public async Task<DbSubnetGroup> DescribeDbSubnetGroupAsync(string name, CancellationToken cancellationToken = default) =>
        Items(await CallAsync("DescribeDBSubnetGroups", P(("DBSubnetGroupName", name)), cancellationToken), "DBSubnetGroups", "DBSubnetGroup")
            .Select(SubnetGroup).First();

    /// <summary>Every subnet group, following markers.</summary>
    public async Task<IReadOnlyList<DbSubnetGroup>> DescribeDbSubnetGroupsAsync(CancellationToken cancellationToken = default) =>
        await AllAsync("DescribeDBSubnetGroups", [], "DBSubnetGroups", "DBSubnetGroup", SubnetGroup, cancellationToken);

    /// <summary>Creates a subnet group over <paramref name="subnetIds"/>.</summary>
    public async Task<DbSubnetGroup> CreateDbSubnetGroupAsync(
        string name, string description, IEnumerable<string> subnetIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        SubnetGroup((await CallAsync("CreateDBSubnetGroup", P(("DBSubnetGroupName", name), ("DBSubnetGroupDescription", description))
            .Concat(List("SubnetIds", "SubnetIdentifier", subnetIds)).Concat(TagParameters(tags)), cancellationToken)).Element("DBSubnetGroup")!);

    /// <summary>Sets a subnet group's description and subnets.</summary>
    public Task ModifyDbSubnetGroupAsync(string name, string description, IEnumerable<string> subnetIds, CancellationToken cancellationToken = default) =>
        CallAsync("ModifyDBSubnetGroup", P(("DBSubnetGroupName", name), ("DBSubnetGroupDescription", description))
            .Concat(List("SubnetIds", "SubnetIdentifier", subnetIds)), cancellationToken);

    /// <summary>Deletes a subnet group.</summary>
    public Task DeleteDbSubnetGroupAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteDBSubnetGroup", P(("DBSubnetGroupName", name)), cancellationToken);

    /// <summary>The parameter group <paramref name="name"/> (DBParameterGroupNotFound when there is none).</summary>
    public async Task<DbParameterGroup> DescribeDbParameterGroupAsync(string name, CancellationToken cancellationToken = default) =>
        Items(await CallAsync("DescribeDBParameterGroups", P(("DBParameterGroupName", name)), cancellationToken), "DBParameterGroups", "DBParameterGroup")
            .Select(ParameterGroup).First();

    /// <summary>Every parameter group, following markers.</summary>
    public async Task<IReadOnlyList<DbParameterGroup>> DescribeDbParameterGroupsAsync(CancellationToken cancellationToken = default) =>
        await AllAsync("DescribeDBParameterGroups", [], "DBParameterGroups", "DBParameterGroup", ParameterGroup, cancellationToken);

    /// <summary>Creates a parameter group of <paramref name="family"/>.</summary>
    public async Task<DbParameterGroup> CreateDbParameterGroupAsync(
        string name, string family, string description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        ParameterGroup((await CallAsync("CreateDBParameterGroup", P(("DBParameterGroupName", name), ("DBParameterGroupFamily", family), ("Description", description))
            .Concat(TagParameters(tags)), cancellationToken)).Element("DBParameterGroup")!);

    /// <summary>The values of the group's parameters by name (those with a value), following markers.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DescribeDbParametersAsync(string name, CancellationToken cancellationToken = default)
    {
        var parameters = await AllAsync("DescribeDBParameters", P(("DBParameterGroupName", name)), "Parameters", "Parameter",
            p => (Name: Text(p, "ParameterName"), Value: Text(p, "ParameterValue")), cancellationToken);
        return parameters.Where(p => p.Name is not null && p.Value is not null)
            .GroupBy(p => p.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);
    }

    /// <summary>Sets parameters (20 a call, RDS's limit), immediately where allowed, else at the next reboot.</summary>
    public async Task ModifyDbParametersAsync(string name, IReadOnlyDictionary<string, string> values, IReadOnlySet<string> staticNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(staticNames);
        foreach (var chunk in values.Chunk(20))
        {
            var parameters = chunk.SelectMany((p, i) => new[]
            {
                KeyValuePair.Create($"Parameters.Parameter.{i + 1}.ParameterName", p.Key),
                KeyValuePair.Create($"Parameters.Parameter.{i + 1}.ParameterValue", p.Value),
                KeyValuePair.Create($"Parameters.Parameter.{i + 1}.ApplyMethod", staticNames.Contains(p.Key) ? "pending-reboot" : "immediate"),
            });
            await CallAsync("ModifyDBParameterGroup", P(("DBParameterGroupName", name)).Concat(parameters), cancellationToken);
        }
    }

    /// <summary>Deletes a parameter group.</summary>
    public Task DeleteDbParameterGroupAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteDBParameterGroup", P(("DBParameterGroupName", name)), cancellationToken);

    /// <summary>The tags of the resource <paramref name="arn"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string arn, CancellationToken cancellationToken = default) =>
        Tags(await CallAsync("ListTagsForResource", P(("ResourceName", arn)), cancellationToken));

    /// <summary>Adds or overwrites tags of the resource <paramref name="arn"/>.</summary>
    public Task AddTagsToResourceAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        CallAsync("AddTagsToResource", P(("ResourceName", arn)).Concat(TagParameters(tags)), cancellationToken);

    /// <summary>Removes tags of the resource <paramref name="arn"/>.</summary>
    public Task RemoveTagsFromResourceAsync(string arn, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        CallAsync("RemoveTagsFromResource", P(("ResourceName", arn)).Concat(Members("TagKeys", keys)), cancellationToken);

    private static IEnumerable<KeyValuePair<string, string>> InstanceParameters(DbInstanceSettings s) =>
        P(
            ("DBInstanceIdentifier", s.Identifier),
            ("Engine", s.Engine),
            ("EngineVersion", s.EngineVersion),
            ("DBInstanceClass", s.InstanceClass),
            ("AllocatedStorage", Number(s.AllocatedStorage)),
            ("StorageType", s.StorageType),
            ("StorageEncrypted", Flag(s.StorageEncrypted)),
            ("KmsKeyId", s.KmsKeyId),
            ("MasterUsername", s.MasterUsername),
            ("MasterUserPassword", s.MasterUserPassword?.Reveal()),
            ("DBName", s.DatabaseName),
            ("DBSubnetGroupName", s.DbSubnetGroupName),
            ("DBParameterGroupName", s.ParameterGroupName),
            ("Port", Number(s.Port)),
            ("DeletionProtection", Flag(s.DeletionProtection)),
            ("BackupRetentionPeriod", Number(s.BackupRetentionPeriod)),
            ("PubliclyAccessible", Flag(s.PubliclyAccessible)))
        .Concat(s.VpcSecurityGroupIds is { } groups ? List("VpcSecurityGroupIds", "VpcSecurityGroupId", groups) : [])
        .Concat(s.Tags is { } tags ? TagParameters(tags) : []);

    private async Task<List<T>> AllAsync<T>(
        string action, IEnumerable<KeyValuePair<string, string>> parameters, string list, string item, Func<XElement, T> read, CancellationToken cancellationToken)
    {
        var fixedParameters = parameters.ToList();
        var all = new List<T>();
        string? marker = null;
        do
        {
            var result = await CallAsync(action, fixedParameters.Concat(P(("Marker", marker))), cancellationToken);
            all.AddRange(Items(result, list, item).Select(read));
            marker = Marker(result);
        }
        while (marker is not null);
        return all;
    }

    private static IEnumerable<KeyValuePair<string, string>> P(params (string Name, string? Value)[] values) =>
        values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Name, v.Value!));

    private static IEnumerable<KeyValuePair<string, string>> List(string prefix, string member, IEnumerable<string> values) =>
        values.Select((v, i) => KeyValuePair.Create($"{prefix}.{member}.{i + 1}", v));

    private static IEnumerable<KeyValuePair<string, string>> TagParameters(IReadOnlyDictionary<string, string> tags) =>
        tags.SelectMany((t, i) => new[]
        {
            KeyValuePair.Create($"Tags.Tag.{i + 1}.Key", t.Key),
            KeyValuePair.Create($"Tags.Tag.{i + 1}.Value", t.Value),
        });

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Flag(bool? value) => value is null ? null : value.Value ? "true" : "false";
}
