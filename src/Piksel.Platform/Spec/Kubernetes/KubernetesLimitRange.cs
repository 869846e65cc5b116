namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A LimitRange with one <c>Container</c> item: the requests and limits a container without them gets at admission,
/// and the most one may ask for. Quantities are written canonically (<c>100m</c>, <c>128Mi</c>) as the API returns them.
/// </summary>
public sealed record KubernetesLimitRange : KubernetesResource
{
    /// <summary>Default limits (<c>cpu</c>, <c>memory</c>). Default: none.</summary>
    public IReadOnlyDictionary<string, string> DefaultLimits { get; init; } = new Dictionary<string, string>();

    /// <summary>Default requests. Default: none.</summary>
    public IReadOnlyDictionary<string, string> DefaultRequests { get; init; } = new Dictionary<string, string>();

    /// <summary>The largest limit a container may have. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Max { get; init; } = new Dictionary<string, string>();
}
