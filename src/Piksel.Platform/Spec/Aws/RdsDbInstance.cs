namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An RDS DB instance (PostgreSQL) named by its identifier (the resource's name). The master password is the value of
/// a Secrets Manager secret, read by the handler when it applies and never shown; the handler checks at every plan that
/// the master can log in with the secret's current value (<see cref="MasterPassword"/>). Outputs <c>arn</c>,
/// <c>address</c>, <c>port</c>, <c>resourceId</c>.
/// </summary>
public sealed record RdsDbInstance : AwsResource
{
    /// <summary>The endpoint's host name output.</summary>
    public const string AddressOutput = "address";

    /// <summary>The endpoint's port output.</summary>
    public const string PortOutput = "port";

    /// <summary>The instance's immutable resource id output (<c>db-…</c>).</summary>
    public const string ResourceIdOutput = "resourceId";

    /// <summary>What <see cref="MasterPassword"/> says when the master logs in with the secret's current value.</summary>
    public const string PasswordMatchesSecret = "matches-secret";

    /// <summary>What <see cref="MasterPassword"/> is observed as when it does not (changed behind the engine's back, or the secret rotated).</summary>
    public const string PasswordDiffersFromSecret = "differs-from-secret";

    /// <summary>The engine; RDS cannot change it. Default: <c>postgres</c>.</summary>
    [ForceNew]
    public string Engine { get; init; } = "postgres";

    /// <summary>
    /// The engine's major version (<c>16</c>), compared by major only (RDS applies minor upgrades itself), upgraded in
    /// place; null means RDS's default, the newest the engine offers (the local environment: the machine's
    /// PostgreSQL), and is not compared. Default: null.
    /// </summary>
    public string? EngineVersion { get; init; }

    /// <summary>The instance class. Default: <c>db.t4g.micro</c>.</summary>
    public string InstanceClass { get; init; } = "db.t4g.micro";

    /// <summary>Storage in GiB (20–65536 for gp3); RDS can grow it, never shrink it. Default: 20.</summary>
    public int AllocatedStorage { get; init; } = 20;

    /// <summary>The storage type. Default: <c>gp3</c>.</summary>
    public string StorageType { get; init; } = "gp3";

    /// <summary>Whether the storage is encrypted; fixed at creation. Default: true.</summary>
    [ForceNew]
    public bool StorageEncrypted { get; init; } = true;

    /// <summary>The KMS key (ARN or token) that encrypts the storage; fixed at creation. Default: none (<c>aws/rds</c>).</summary>
    [ForceNew]
    public string? KmsKeyId { get; init; }

    /// <summary>The master role's name; fixed at creation. No default.</summary>
    [ForceNew]
    public required string MasterUsername { get; init; }

    /// <summary>The ARN (or token) of the Secrets Manager secret whose value is the master password. No default.</summary>
    public required string MasterPasswordSecretArn { get; init; }

    /// <summary>
    /// Whether the master password in the server is the secret's current value: <see cref="PasswordMatchesSecret"/>
    /// in the spec; observed <see cref="PasswordDiffersFromSecret"/> when the master cannot log in with it, which is
    /// drift repaired with ModifyDBInstance MasterUserPassword (this is how a rotated secret reaches the server).
    /// Default: <see cref="PasswordMatchesSecret"/>.
    /// </summary>
    public string MasterPassword { get; init; } = PasswordMatchesSecret;

    /// <summary>The database created with the instance; fixed at creation. Default: none.</summary>
    [ForceNew]
    public string? DatabaseName { get; init; }

    /// <summary>The DB subnet group's name. Default: none (RDS's default VPC group).</summary>
    [ForceNew]
    public string? DbSubnetGroupName { get; init; }

    /// <summary>The DB parameter group's name. Default: none (the family's default group).</summary>
    public string? ParameterGroupName { get; init; }

    /// <summary>The VPC security groups' ids (tokens), compared as a set. Default: none (the VPC's default group).</summary>
    public IReadOnlyList<string> VpcSecurityGroupIds { get; init; } = [];

    /// <summary>
    /// The port the instance is created to listen on. Not compared afterwards: the endpoint's real port is the
    /// <c>port</c> output (the embedded emulator serves each instance's server on a free loopback port). Default: 5432.
    /// </summary>
    [CreateOnly]
    public int Port { get; init; } = 5432;

    /// <summary>Refuse to delete the instance until this is turned off. Default: false.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Days of automated backups (0 turns them off). Default: 1.</summary>
    public int BackupRetentionPeriod { get; init; } = 1;

    /// <summary>Whether the address resolves to a public IP. Default: false.</summary>
    public bool PubliclyAccessible { get; init; }

    /// <summary>Delete without a final snapshot. Not something RDS reports: used by destroy only. Default: false.</summary>
    [CreateOnly]
    public bool SkipFinalSnapshot { get; init; }

    /// <summary>
    /// The final snapshot's identifier when <see cref="SkipFinalSnapshot"/> is false. Not something RDS reports: used by
    /// destroy only. Default: none (<c>&lt;identifier&gt;-final</c>).
    /// </summary>
    [CreateOnly]
    public string? FinalSnapshotIdentifier { get; init; }

    /// <summary>The endpoint's host name, known once the instance is available.</summary>
    [NotAttribute]
    public OutputRef Address => Output(AddressOutput);
}
