namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// One peer of a rule: pods matching <see cref="PodSelector"/> in namespaces matching <see cref="NamespaceSelector"/>
/// (both given: both must hold; only the pod selector: the policy's own namespace), or an address block.
/// </summary>
public sealed record NetworkPolicyPeer
{
    /// <summary>Labels the peer's namespace must carry (empty: every namespace), or null for the policy's namespace. Default: null.</summary>
    public IReadOnlyDictionary<string, string>? NamespaceSelector { get; init; }

    /// <summary>Labels the peer's pods must carry (empty: every pod), or null for every pod. Default: null.</summary>
    public IReadOnlyDictionary<string, string>? PodSelector { get; init; }

    /// <summary>An address block (CIDR) instead of selectors. Default: null.</summary>
    public string? IpBlock { get; init; }
}
