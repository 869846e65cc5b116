namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>A secret: its metadata, resource policy and versions. Values live only as KMS ciphertext in the versions.</summary>
public sealed record SecretRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary><c>arn:aws:secretsmanager:&lt;region&gt;:&lt;account&gt;:secret:&lt;name&gt;-&lt;6 random characters&gt;</c>.</summary>
    public required string Arn { get; init; }
    public string? Description { get; init; }
    /// <summary>The KMS key as the caller named it; null means the account's <c>aws/secretsmanager</c> key.</summary>
    public string? KmsKeyId { get; init; }
    public required DateTimeOffset CreatedDate { get; init; }
    public required DateTimeOffset LastChangedDate { get; init; }
    /// <summary>Day of the last read (AWS keeps the date only).</summary>
    public DateTimeOffset? LastAccessedDate { get; init; }
    /// <summary>When DeleteSecret was called; null unless the secret is scheduled for deletion.</summary>
    public DateTimeOffset? DeletedDate { get; init; }
    /// <summary>When a scheduled deletion becomes final.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];
    public string? ResourcePolicy { get; init; }
    public IReadOnlyList<SecretVersionRecord> Versions { get; init; } = [];

    /// <summary>True while the secret is scheduled for deletion.</summary>
    public bool IsDeleted => DeletedDate is not null;
}

/// <summary>One version of a secret's value, encrypted under <see cref="KmsKeyArn"/>.</summary>
public sealed record SecretVersionRecord
{
    public required string VersionId { get; init; }
    public IReadOnlyList<string> Stages { get; init; } = [];
    public required DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset? LastAccessedDate { get; init; }
    /// <summary>The KMS ciphertext blob of the value, base64; the encryption context is the secret ARN and version id.</summary>
    public required string Ciphertext { get; init; }
    /// <summary>True when the value was given as SecretBinary.</summary>
    public bool Binary { get; init; }
    public required string KmsKeyArn { get; init; }
}

/// <summary>A secret's tag.</summary>
public sealed record SecretTag(string Key, string Value);
