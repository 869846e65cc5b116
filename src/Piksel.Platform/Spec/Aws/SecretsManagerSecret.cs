namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A Secrets Manager secret, either generated (<see cref="Generate"/>: created once, never regenerated) or manual
/// (<see cref="Value"/> from a settings input). Output: <c>arn</c>.
/// </summary>
public sealed record SecretsManagerSecret : AwsResource
{
    /// <summary>Description. Default: empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>The KMS key (ARN, alias or token) that encrypts the secret. Default: none (the AWS managed key).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>
    /// How to generate the value, for generated secrets (default: none). Used when the secret is created and never
    /// compared afterwards: an existing value is kept whatever the rules say now.
    /// </summary>
    [CreateOnly]
    public SecretGeneration? Generate { get; init; }

    /// <summary>The value of a manual secret; null when its input was not supplied. Default: none.</summary>
    [Sensitive]
    public SensitiveString? Value { get; init; }

    /// <summary>For a manual secret: the settings input that supplies it (shown when it is missing). Default: none.</summary>
    [NotAttribute]
    public string? ManualInput { get; init; }

    /// <summary>True for a manual secret.</summary>
    [NotAttribute]
    public bool IsManual => ManualInput is not null;
}
