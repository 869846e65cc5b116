namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>ListSecrets's input.</summary>
public sealed record ListSecretsRequest
{
    public IReadOnlyList<SecretFilter> Filters { get; init; } = [];
    /// <summary>1–100. Default: the service's (100).</summary>
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    /// <summary>Include secrets scheduled for deletion. Default false.</summary>
    public bool IncludePlannedDeletion { get; init; }
    /// <summary><c>asc</c> or <c>desc</c> by creation date. Default: the service's (desc).</summary>
    public string? SortOrder { get; init; }
}
