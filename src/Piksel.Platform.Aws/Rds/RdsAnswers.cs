using System.Globalization;
using System.Xml.Linq;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// Reads RDS's XML answers. RDS names list members after their shape (<c>&lt;DBInstances&gt;&lt;DBInstance&gt;</c>,
/// <c>&lt;TagList&gt;&lt;Tag&gt;</c>), not <c>member</c> as IAM does.
/// </summary>
internal static class RdsAnswers
{
    /// <summary>The text of the child element, or null.</summary>
    public static string? Text(XElement? element, string name) => element?.Element(name)?.Value;

    /// <summary>The items of <c>&lt;list&gt;&lt;item&gt;…</c>.</summary>
    public static IEnumerable<XElement> Items(XElement? parent, string list, string item) =>
        parent?.Element(list)?.Elements(item) ?? [];

    /// <summary>The <c>Marker</c> of a page, null on the last.</summary>
    public static string? Marker(XElement result) => Text(result, "Marker") is { Length: > 0 } marker ? marker : null;

    /// <summary>A <c>TagList</c>.</summary>
    public static IReadOnlyDictionary<string, string> Tags(XElement? element) =>
        Items(element, "TagList", "Tag")
            .Where(t => Text(t, "Key") is not null)
            .GroupBy(t => Text(t, "Key")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Text(g.Last(), "Value") ?? "", StringComparer.Ordinal);

    /// <summary>A <c>DBInstance</c>.</summary>
    public static DbInstance Instance(XElement e) => new()
    {
        Identifier = Text(e, "DBInstanceIdentifier") ?? "",
        Arn = Text(e, "DBInstanceArn") ?? "",
        Status = Text(e, "DBInstanceStatus") ?? "",
        Engine = Text(e, "Engine") ?? "",
        EngineVersion = Text(e, "EngineVersion"),
        InstanceClass = Text(e, "DBInstanceClass"),
        AllocatedStorage = Int(e, "AllocatedStorage") ?? 0,
        StorageType = Text(e, "StorageType"),
        StorageEncrypted = Bool(e, "StorageEncrypted"),
        KmsKeyId = Text(e, "KmsKeyId"),
        MasterUsername = Text(e, "MasterUsername"),
        DatabaseName = Text(e, "DBName"),
        DbSubnetGroupName = Text(e.Element("DBSubnetGroup"), "DBSubnetGroupName"),
        ParameterGroupNames = [.. Items(e, "DBParameterGroups", "DBParameterGroup").Select(g => Text(g, "DBParameterGroupName") ?? "")],
        VpcSecurityGroupIds = [.. Items(e, "VpcSecurityGroups", "VpcSecurityGroupMembership")
            .Where(m => Text(m, "Status") is null or "active" or "adding")
            .Select(m => Text(m, "VpcSecurityGroupId") ?? "")],
        Address = Text(e.Element("Endpoint"), "Address"),
        Port = Int(e.Element("Endpoint"), "Port") ?? Int(e, "DbInstancePort"),
        DeletionProtection = Bool(e, "DeletionProtection"),
        BackupRetentionPeriod = Int(e, "BackupRetentionPeriod") ?? 0,
        PubliclyAccessible = Bool(e, "PubliclyAccessible"),
        ResourceId = Text(e, "DbiResourceId"),
        MasterPasswordPending = e.Element("PendingModifiedValues")?.Element("MasterUserPassword") is not null,
        Tags = Tags(e),
    };

    /// <summary>A <c>DBSubnetGroup</c>.</summary>
    public static DbSubnetGroup SubnetGroup(XElement e) => new(
        Text(e, "DBSubnetGroupName") ?? "",
        Text(e, "DBSubnetGroupArn") ?? "",
        Text(e, "DBSubnetGroupDescription") ?? "",
        Text(e, "VpcId"),
        [.. Items(e, "Subnets", "Subnet").Select(s => Text(s, "SubnetIdentifier") ?? "")]);

    /// <summary>A <c>DBParameterGroup</c>.</summary>
    public static DbParameterGroup ParameterGroup(XElement e) => new(
        Text(e, "DBParameterGroupName") ?? "",
        Text(e, "DBParameterGroupArn") ?? "",
        Text(e, "DBParameterGroupFamily") ?? "",
        Text(e, "Description") ?? "");

    private static int? Int(XElement? e, string name) =>
        int.TryParse(Text(e, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool Bool(XElement? e, string name) => string.Equals(Text(e, name), "true", StringComparison.OrdinalIgnoreCase);
}
