using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// What CreateDBInstance and ModifyDBInstance set; null leaves a field out (RDS's default on create, unchanged on
/// modify). The password never prints.
/// </summary>
public sealed record DbInstanceSettings
{
    /// <summary>The instance's identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>The engine (create only).</summary>
    public string? Engine { get; init; }

    /// <summary>The engine version (<c>16</c> picks the newest minor).</summary>
    public string? EngineVersion { get; init; }

    /// <summary>The instance class.</summary>
    public string? InstanceClass { get; init; }

    /// <summary>Storage in GiB.</summary>
    public int? AllocatedStorage { get; init; }

    /// <summary>The storage type.</summary>
    public string? StorageType { get; init; }

    /// <summary>Encrypted storage (create only).</summary>
    public bool? StorageEncrypted { get; init; }

    /// <summary>The storage key (create only).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The master role (create only).</summary>
    public string? MasterUsername { get; init; }

    /// <summary>The master password.</summary>
    public SensitiveString? MasterUserPassword { get; init; }

    /// <summary>The initial database (create only).</summary>
    public string? DatabaseName { get; init; }

    /// <summary>The subnet group (create only here).</summary>
    public string? DbSubnetGroupName { get; init; }

    /// <summary>The parameter group.</summary>
    public string? ParameterGroupName { get; init; }

    /// <summary>The VPC security groups.</summary>
    public IReadOnlyList<string>? VpcSecurityGroupIds { get; init; }

    /// <summary>The port (create only here).</summary>
    public int? Port { get; init; }

    /// <summary>Refuse deletion.</summary>
    public bool? DeletionProtection { get; init; }

    /// <summary>Days of automated backups.</summary>
    public int? BackupRetentionPeriod { get; init; }

    /// <summary>A public address.</summary>
    public bool? PubliclyAccessible { get; init; }

    /// <summary>Tags (create only; later through AddTagsToResource).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
