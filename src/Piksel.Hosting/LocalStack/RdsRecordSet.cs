using System.Collections.Immutable;

namespace Piksel.Hosting.LocalStack;

/// <summary>Everything <see cref="ContainerRdsRecords"/> holds, keyed by <c>&lt;account&gt;/&lt;name&gt;</c>.</summary>
internal sealed record RdsRecordSet
{
    /// <summary>No records.</summary>
    public static RdsRecordSet Empty { get; } = new();

    /// <summary>DB subnet groups.</summary>
    public ImmutableSortedDictionary<string, SubnetGroupRecord> SubnetGroups { get; init; } = ImmutableSortedDictionary.Create<string, SubnetGroupRecord>(StringComparer.Ordinal);

    /// <summary>DB parameter groups.</summary>
    public ImmutableSortedDictionary<string, ParameterGroupRecord> ParameterGroups { get; init; } = ImmutableSortedDictionary.Create<string, ParameterGroupRecord>(StringComparer.Ordinal);

    /// <summary>DB instances.</summary>
    public ImmutableSortedDictionary<string, InstanceRecord> Instances { get; init; } = ImmutableSortedDictionary.Create<string, InstanceRecord>(StringComparer.Ordinal);

    /// <summary>The key of <paramref name="name"/> in <paramref name="account"/>.</summary>
    public static string Key(string account, string name) => $"{account}/{name}";
}

/// <summary>A DB subnet group as RDS records it.</summary>
internal sealed record SubnetGroupRecord(string Account, string Name, string Arn, string Description, IReadOnlyList<string> SubnetIds, IReadOnlyDictionary<string, string> Tags);

/// <summary>A DB parameter group as RDS records it.</summary>
internal sealed record ParameterGroupRecord(
    string Account, string Name, string Arn, string Family, string Description, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// A DB instance as RDS records it; its server is a PostgreSQL container keyed <see cref="ServerKey"/>. The master
/// password is not recorded: it lives in its Secrets Manager secret, and the server checks it.
/// </summary>
internal sealed record InstanceRecord
{
    /// <summary>The account.</summary>
    public required string Account { get; init; }

    /// <summary>The identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>The ARN.</summary>
    public required string Arn { get; init; }

    /// <summary>The immutable resource id (<c>db-…</c>).</summary>
    public required string ResourceId { get; init; }

    /// <summary>The key of its PostgreSQL server.</summary>
    public required string ServerKey { get; init; }

    /// <summary>The engine.</summary>
    public string Engine { get; init; } = "postgres";

    /// <summary>The major the server runs.</summary>
    public required string EngineMajor { get; init; }

    /// <summary>The instance class.</summary>
    public string? InstanceClass { get; init; }

    /// <summary>Storage in GiB.</summary>
    public int AllocatedStorage { get; init; }

    /// <summary>The storage type.</summary>
    public string? StorageType { get; init; }

    /// <summary>Whether the storage is encrypted.</summary>
    public bool StorageEncrypted { get; init; }

    /// <summary>The storage key.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The master role.</summary>
    public required string MasterUsername { get; init; }

    /// <summary>The initial database.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>The subnet group.</summary>
    public string? DbSubnetGroupName { get; init; }

    /// <summary>The parameter group.</summary>
    public string? ParameterGroupName { get; init; }

    /// <summary>The VPC security groups.</summary>
    public IReadOnlyList<string> VpcSecurityGroupIds { get; init; } = [];

    /// <summary>Whether deletion is refused.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Days of automated backups.</summary>
    public int BackupRetentionPeriod { get; init; }

    /// <summary>Whether the address is public.</summary>
    public bool PubliclyAccessible { get; init; }

    /// <summary>The tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
