namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A ResourceQuota: the hard totals of the namespace (<c>requests.cpu</c>, <c>limits.memory</c>, <c>pods</c> …).</summary>
public sealed record KubernetesResourceQuota : KubernetesResource
{
    /// <summary>The hard limits, canonical quantities. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Hard { get; init; } = new Dictionary<string, string>();
}
