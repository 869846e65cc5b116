namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A Karpenter <c>NodePool</c> (<c>karpenter.sh/v1</c>, cluster-scoped): which nodes Karpenter may launch for pending
/// pods (requirements over the well-known labels, taints), how many (limits), and when it removes them (consolidation).
/// </summary>
public sealed record KarpenterNodePool : KubernetesResource
{
    /// <summary>The <c>EC2NodeClass</c> the pool's nodes are launched from.</summary>
    public required string NodeClassName { get; init; }

    /// <summary>The node requirements (<c>spec.template.spec.requirements</c>). Default: none.</summary>
    public IReadOnlyList<KarpenterRequirement> Requirements { get; init; } = [];

    /// <summary>Taints every node of the pool carries. Default: none.</summary>
    public IReadOnlyList<KarpenterTaint> Taints { get; init; } = [];

    /// <summary>The pool's limits, canonical quantities by resource (<c>cpu</c>, <c>nvidia.com/gpu</c>, …). Default: none.</summary>
    public IReadOnlyDictionary<string, string> Limits { get; init; } = new Dictionary<string, string>();

    /// <summary><c>WhenEmpty</c> or <c>WhenEmptyOrUnderutilized</c>. Default: <c>WhenEmptyOrUnderutilized</c>.</summary>
    public string ConsolidationPolicy { get; init; } = "WhenEmptyOrUnderutilized";

    /// <summary>How long a node stays empty or underutilized before Karpenter consolidates it. Default: 1 minute.</summary>
    public TimeSpan ConsolidateAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The pool's priority (1–100, higher first), or null (0). Default: null.</summary>
    public int? Weight { get; init; }
}
