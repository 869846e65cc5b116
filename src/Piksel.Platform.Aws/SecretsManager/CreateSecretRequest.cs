namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>CreateSecret's input.</summary>
public sealed record CreateSecretRequest
{
    /// <summary>1–512 characters of letters, digits and <c>/_+=.@-</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The first value; null creates a secret without a version.</summary>
    public SecretValue? Value { get; init; }
    public string? Description { get; init; }
    /// <summary>Key id, key ARN, alias name or alias ARN; null uses the account's <c>aws/secretsmanager</c> key.</summary>
    public string? KmsKeyId { get; init; }
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];
    /// <summary>The first version's id (32–64 characters); retries with the same token and value are idempotent. Default: a new GUID.</summary>
    public string? ClientRequestToken { get; init; }
    public bool ForceOverwriteReplicaSecret { get; init; }
}
