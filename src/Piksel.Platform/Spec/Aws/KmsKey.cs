using Piksel.Platform.Policies;

namespace Piksel.Platform.Spec.Aws;

/// <summary>A customer managed KMS key with its alias. Outputs: <c>arn</c>, <c>keyId</c>.</summary>
public sealed record KmsKey : AwsResource
{
    /// <summary>The key id output (a UUID chosen by KMS).</summary>
    public const string KeyIdOutput = "keyId";

    /// <summary>The alias, <c>alias/…</c> (no default: the definition names it).</summary>
    public required string Alias { get; init; }

    /// <summary>Description. Default: empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>The key policy (no default: KMS's default policy is spelled out so drift in it shows).</summary>
    public required PolicyDocument KeyPolicy { get; init; }

    /// <summary>Yearly automatic rotation. Default: true.</summary>
    public bool EnableKeyRotation { get; init; } = true;

    /// <summary>Key spec; cannot change after creation. Default: <c>SYMMETRIC_DEFAULT</c>.</summary>
    [ForceNew]
    public string KeySpec { get; init; } = "SYMMETRIC_DEFAULT";

    /// <summary>Key usage; cannot change after creation. Default: <c>ENCRYPT_DECRYPT</c>.</summary>
    [ForceNew]
    public string KeyUsage { get; init; } = "ENCRYPT_DECRYPT";
}
