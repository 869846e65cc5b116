using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>Karpenter v1's kinds (installed from <c>Eks/Crds/karpenter</c>), as the controller addresses them.</summary>
public static class KarpenterKinds
{
    /// <summary>The finalizer Karpenter puts on NodeClaims and Nodes until their instance is gone.</summary>
    public const string TerminationFinalizer = "karpenter.sh/termination";

    /// <summary>The taint that keeps pods off a node being disrupted.</summary>
    public const string DisruptedTaint = "karpenter.sh/disrupted";

    /// <summary>The label naming a node's NodePool.</summary>
    public const string NodePoolLabel = "karpenter.sh/nodepool";

    /// <summary><c>nodepools.karpenter.sh</c>.</summary>
    public static ResourceType NodePools { get; } = Kind("karpenter.sh", "NodePool", "nodepools");

    /// <summary><c>nodeclaims.karpenter.sh</c>.</summary>
    public static ResourceType NodeClaims { get; } = Kind("karpenter.sh", "NodeClaim", "nodeclaims");

    /// <summary><c>ec2nodeclasses.karpenter.k8s.aws</c>.</summary>
    public static ResourceType NodeClasses { get; } = Kind("karpenter.k8s.aws", "EC2NodeClass", "ec2nodeclasses");

    private static ResourceType Kind(string group, string kind, string plural) => new()
    {
        Group = group,
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = false,
        Categories = ["karpenter"],
        Subresources = ["status"],
    };
}
