using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>RDS's durable tables, how rows are keyed and resources named, and the lookups the operation groups share.</summary>
internal sealed class RdsStore(StateStore store)
{
    public Table<DbInstanceRecord> Instances { get; } = store.Table<DbInstanceRecord>("rds.instances");
    public Table<DbSubnetGroupRecord> SubnetGroups { get; } = store.Table<DbSubnetGroupRecord>("rds.subnet-groups");
    public Table<DbParameterGroupRecord> ParameterGroups { get; } = store.Table<DbParameterGroupRecord>("rds.parameter-groups");
    public Table<DbSnapshotRecord> Snapshots { get; } = store.Table<DbSnapshotRecord>("rds.snapshots");
    public Table<RdsEventRecord> Events { get; } = store.Table<RdsEventRecord>("rds.events");

    /// <summary>The row of a resource: <c>account/region/name</c> (RDS names are case-insensitive and kept lowercase).</summary>
    public static string Row(string account, string region, string name) => $"{account}/{region}/{name.ToLowerInvariant()}";

    public static string Row(AwsRequestContext context, string name) => Row(context.AccountId, context.Region, name);

    /// <summary><c>arn:aws:rds:&lt;region&gt;:&lt;account&gt;:&lt;type&gt;:&lt;name&gt;</c> (types db, subgrp, pg, snapshot).</summary>
    public static string Arn(AwsRequestContext context, string type, string name) => $"arn:aws:rds:{context.Region}:{context.AccountId}:{type}:{name.ToLowerInvariant()}";

    /// <summary>A DbiResourceId: <c>db-</c> and 26 upper-case letters and digits.</summary>
    public static string NewResourceId() => "db-" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 26);

    /// <summary>The instance named by an identifier or a <c>db:</c> ARN, or null.</summary>
    public DbInstanceRecord? FindInstance(AwsRequestContext context, string idOrArn) => Instances.Find(Row(context, NameOf(idOrArn, "db")));

    /// <summary>The name in a resource ARN of <paramref name="type"/>, or the text itself when it is not an ARN.</summary>
    public static string NameOf(string idOrArn, string type)
    {
        if (!idOrArn.StartsWith("arn:", StringComparison.Ordinal)) return idOrArn;
        var parts = idOrArn.Split(':');
        return parts.Length == 7 && parts[2] == "rds" && parts[5] == type ? parts[6] : idOrArn;
    }

    /// <summary>Records an event on a resource.</summary>
    public void AddEvent(DbInstanceRecord instance, string message, DateTimeOffset at) =>
        Events.Put($"{instance.Account}/{instance.Region}/{at.UtcTicks:D20}/{Guid.NewGuid():N}",
            new RdsEventRecord(instance.Account, instance.Region, instance.Identifier, instance.Arn, message, at));

    /// <summary>True when an instance of the account and region uses the subnet group.</summary>
    public bool SubnetGroupInUse(DbSubnetGroupRecord group) =>
        Instances.Values.Any(i => i.Account == group.Account && i.Region == group.Region && string.Equals(i.SubnetGroupName, group.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when an instance of the account and region uses the parameter group.</summary>
    public bool ParameterGroupInUse(DbParameterGroupRecord group) =>
        Instances.Values.Any(i => i.Account == group.Account && i.Region == group.Region && string.Equals(i.ParameterGroupName, group.Name, StringComparison.OrdinalIgnoreCase));
}
