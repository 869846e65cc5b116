namespace Piksel.Emulator.Aws.Kms;

/// <summary>One KMS key: its metadata, key policy, tags and the secret material that encrypts under it.</summary>
public sealed record KmsKeyRecord
{
    public required string KeyId { get; init; }
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Arn { get; init; }
    public string Description { get; init; } = "";
    public string KeyUsage { get; init; } = "ENCRYPT_DECRYPT";
    public string KeySpec { get; init; } = "SYMMETRIC_DEFAULT";
    /// <summary><c>CUSTOMER</c> or <c>AWS</c> (AWS managed keys such as <c>aws/secretsmanager</c>).</summary>
    public string KeyManager { get; init; } = "CUSTOMER";
    public string KeyState { get; init; } = KmsKeyState.Enabled;
    public required DateTimeOffset CreationDate { get; init; }
    /// <summary>When a key pending deletion is destroyed.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
    public int? PendingWindowInDays { get; init; }
    /// <summary>The key policy (its only policy, named <c>default</c>).</summary>
    public required string Policy { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>Automatic rotation of the key material (AWS managed keys always rotate).</summary>
    public bool RotationEnabled { get; init; }
    /// <summary>Days between rotations, 90..2560; 365 by default.</summary>
    public int RotationPeriodInDays { get; init; } = 365;
    /// <summary>When rotation was last turned on: the next rotation is one period after it.</summary>
    public DateTimeOffset? RotationEnabledDate { get; init; }
    /// <summary>AES-256 key material, base64. Never leaves the emulator; on disk it is sealed under the master key.</summary>
    [State.Sealed]
    public required string Material { get; init; }

    /// <summary>True when the key may be used for cryptographic operations.</summary>
    public bool Enabled => KeyState == KmsKeyState.Enabled;
}
