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
