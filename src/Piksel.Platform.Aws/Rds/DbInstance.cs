namespace Piksel.Platform.Aws.Rds;

/// <summary>A DB instance as DescribeDBInstances answers it (the fields the platform reads).</summary>
public sealed record DbInstance
{
    /// <summary>The identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>The ARN.</summary>
    public required string Arn { get; init; }

    /// <summary><c>creating</c>, <c>backing-up</c>, <c>available</c>, <c>modifying</c>, <c>deleting</c>…</summary>
    public required string Status { get; init; }

    /// <summary>The engine (<c>postgres</c>).</summary>
    public required string Engine { get; init; }

    /// <summary>The full engine version (<c>16.9</c>).</summary>
    public string? EngineVersion { get; init; }

    /// <summary>The instance class.</summary>
    public string? InstanceClass { get; init; }

    /// <summary>Storage in GiB.</summary>
    public int AllocatedStorage { get; init; }

    /// <summary>The storage type.</summary>
    public string? StorageType { get; init; }

    /// <summary>Whether the storage is encrypted.</summary>
    public bool StorageEncrypted { get; init; }

    /// <summary>The storage key's ARN, when encrypted.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The master role.</summary>
    public string? MasterUsername { get; init; }

    /// <summary>The initial database.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>The subnet group's name.</summary>
    public string? DbSubnetGroupName { get; init; }

    /// <summary>The parameter groups' names.</summary>
    public IReadOnlyList<string> ParameterGroupNames { get; init; } = [];

    /// <summary>The VPC security groups' ids.</summary>
    public IReadOnlyList<string> VpcSecurityGroupIds { get; init; } = [];

    /// <summary>The endpoint's host name, once there is one.</summary>
    public string? Address { get; init; }

    /// <summary>The endpoint's port (or the configured one while there is no endpoint).</summary>
    public int? Port { get; init; }

    /// <summary>Whether deletion is refused.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Days of automated backups.</summary>
    public int BackupRetentionPeriod { get; init; }

    /// <summary>Whether the address is public.</summary>
    public bool PubliclyAccessible { get; init; }

    /// <summary>The immutable resource id (<c>db-…</c>).</summary>
    public string? ResourceId { get; init; }

    /// <summary>A master password change is still being applied.</summary>
    public bool MasterPasswordPending { get; init; }

    /// <summary>The tags (DescribeDBInstances carries them in <c>TagList</c>).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
