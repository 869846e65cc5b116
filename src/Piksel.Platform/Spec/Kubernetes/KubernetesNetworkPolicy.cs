namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A NetworkPolicy (networking.k8s.io/v1): the pods it selects in its namespace, the directions it isolates and the
/// rules that allow traffic. A policy with a type and no rules for it denies that direction (a default deny).
/// </summary>
public sealed record KubernetesNetworkPolicy : KubernetesResource
{
    /// <summary>The labels of the pods the policy selects in its namespace; empty selects every pod. Default: empty.</summary>
    public IReadOnlyDictionary<string, string> PodSelector { get; init; } = new Dictionary<string, string>();

    /// <summary><c>Ingress</c>, <c>Egress</c> or both, always written out (the API's default depends on the rules). Default: <c>Ingress</c>.</summary>
    public IReadOnlyList<string> PolicyTypes { get; init; } = ["Ingress"];

    /// <summary>The rules allowing incoming traffic. Default: none.</summary>
    public IReadOnlyList<NetworkPolicyRule> Ingress { get; init; } = [];

    /// <summary>The rules allowing outgoing traffic. Default: none.</summary>
    public IReadOnlyList<NetworkPolicyRule> Egress { get; init; } = [];
}
