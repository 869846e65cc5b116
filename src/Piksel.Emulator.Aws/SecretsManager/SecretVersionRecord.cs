namespace Piksel.Emulator.Aws.SecretsManager;

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
