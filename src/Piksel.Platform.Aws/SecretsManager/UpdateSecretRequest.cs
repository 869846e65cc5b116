namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>UpdateSecret's input: only the members given change; a <see cref="Value"/> makes a new AWSCURRENT version.</summary>
public sealed record UpdateSecretRequest
{
    public required string SecretId { get; init; }
    public string? Description { get; init; }
    public string? KmsKeyId { get; init; }
    public SecretValue? Value { get; init; }
    public string? ClientRequestToken { get; init; }
}
