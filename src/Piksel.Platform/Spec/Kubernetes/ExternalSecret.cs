namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// An External Secrets Operator <c>ExternalSecret</c>: keeps the Kubernetes Secret of the same name in its namespace
/// equal to its sources, refreshed every <see cref="RefreshInterval"/>.
/// </summary>
public sealed record ExternalSecret : KubernetesResource
{
    /// <summary>The store to read from.</summary>
    public required string StoreName { get; init; }

    /// <summary>The store's kind. Default: <c>ClusterSecretStore</c>.</summary>
    public string StoreKind { get; init; } = "ClusterSecretStore";

    /// <summary>How often the target is refreshed (no default here: the settings carry it).</summary>
    public required TimeSpan RefreshInterval { get; init; }

    /// <summary>The keys of the target Secret, in order.</summary>
    public required IReadOnlyList<ExternalSecretKey> Keys { get; init; }
}
