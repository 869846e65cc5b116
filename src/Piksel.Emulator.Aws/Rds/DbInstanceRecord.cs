namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// A DB instance as RDS keeps it. <see cref="Status"/> is the stored phase; a transitional phase (creating, modifying,
/// rebooting, starting, stopping) ends once its server work is done and <see cref="SettlesAt"/> has come, read on the
/// emulator's clock by <see cref="InstanceStates"/>. The master password is never kept here.
/// </summary>
internal sealed record DbInstanceRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Identifier { get; init; }
    public required string Arn { get; init; }
    public required string DbiResourceId { get; init; }
    public required string InstanceClass { get; init; }
    public string Engine { get; init; } = "postgres";
    public required string EngineVersion { get; init; }
    public required string MasterUsername { get; init; }
    public string? DbName { get; init; }
    public required int AllocatedStorage { get; init; }
    public string StorageType { get; init; } = "gp3";
    public int Port { get; init; } = 5432;
    public required string SubnetGroupName { get; init; }
    public required string ParameterGroupName { get; init; }
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    public bool StorageEncrypted { get; init; }
    public string? KmsKeyArn { get; init; }
    public bool DeletionProtection { get; init; }
    public int BackupRetentionPeriod { get; init; } = 1;
    public bool PubliclyAccessible { get; init; }
    public bool MultiAz { get; init; }
    public string? AvailabilityZone { get; init; }
    public IReadOnlyList<RdsTag> Tags { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The stored phase: creating, available, modifying, rebooting, stopping, stopped, starting, deleting, failed.</summary>
    public required string Status { get; init; }

    /// <summary>When the phase in progress ends; null while its server work still runs.</summary>
    public DateTimeOffset? SettlesAt { get; init; }

    /// <summary>The key of the server behind the instance (<see cref="DatabaseServerRequest.Key"/>).</summary>
    public required string ServerKey { get; init; }

    /// <summary>The host and port the server answers on, once it has started.</summary>
    public string? EndpointHost { get; init; }
    public int? EndpointPort { get; init; }

    /// <summary>True while a new master password is being applied.</summary>
    public bool PasswordPending { get; init; }

    /// <summary>Changes held for the next maintenance window (ApplyImmediately false).</summary>
    public string? PendingInstanceClass { get; init; }
    public int? PendingAllocatedStorage { get; init; }

    /// <summary>The Secrets Manager secret holding the master password when RDS manages it.</summary>
    public string? MasterSecretArn { get; init; }
    public string? MasterSecretKmsKeyArn { get; init; }
}
