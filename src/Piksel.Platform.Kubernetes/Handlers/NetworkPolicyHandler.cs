using k8s;
using k8s.Models;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>NetworkPolicies (networking.k8s.io/v1) by server-side apply: selector, policy types and rules.</summary>
public sealed class NetworkPolicyHandler(KubernetesHandlerContext context) : NamespacedObjectHandler<KubernetesNetworkPolicy, V1NetworkPolicy>(context)
{
    /// <inheritdoc />
    protected override string What => "network policy";

    /// <inheritdoc />
    protected override Task<V1NetworkPolicy> ReadLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task PatchLiveAsync(IKubernetes client, V1Patch patch, string name, string ns, CancellationToken cancellationToken) =>
        client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override async Task<IEnumerable<V1NetworkPolicy>> ListLiveAsync(IKubernetes client, string labelSelector, CancellationToken cancellationToken) =>
        (await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: cancellationToken)).Items;

    /// <inheritdoc />
    protected override V1NetworkPolicy ToBody(KubernetesNetworkPolicy desired) => Model(desired);

    /// <summary>The object the handler applies for <paramref name="desired"/>, metadata included (what an evaluator reads).</summary>
    public static V1NetworkPolicy Model(KubernetesNetworkPolicy desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return new()
        {
            Metadata = new V1ObjectMeta { Name = desired.Name, NamespaceProperty = desired.Namespace },
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = Selector(desired.PodSelector),
                PolicyTypes = [.. desired.PolicyTypes],
                // Always sent, empty too: the rule lists are atomic, so applying [] takes back a rule someone else added.
                Ingress = [.. desired.Ingress.Select(r => new V1NetworkPolicyIngressRule { FromProperty = Peers(r), Ports = Ports(r) })],
                Egress = [.. desired.Egress.Select(r => new V1NetworkPolicyEgressRule { To = Peers(r), Ports = Ports(r) })],
            },
        };
    }

    /// <inheritdoc />
    protected override KubernetesNetworkPolicy ToSpec(V1NetworkPolicy live, KubernetesNetworkPolicy? desired, string cluster)
    {
        var state = desired ?? new KubernetesNetworkPolicy { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster };
        return state with
        {
            PodSelector = Sorted(live.Spec?.PodSelector?.MatchLabels),
            PolicyTypes = [.. live.Spec?.PolicyTypes ?? []],
            Ingress = [.. (live.Spec?.Ingress ?? []).Select(r => Rule(r.FromProperty, r.Ports))],
            Egress = [.. (live.Spec?.Egress ?? []).Select(r => Rule(r.To, r.Ports))],
        };
    }

    private static V1LabelSelector Selector(IReadOnlyDictionary<string, string> labels) =>
        new() { MatchLabels = labels.Count == 0 ? null : new Dictionary<string, string>(labels, StringComparer.Ordinal) };

    private static List<V1NetworkPolicyPeer>? Peers(NetworkPolicyRule rule) =>
        rule.Peers.Count == 0 ? null : [.. rule.Peers.Select(p => new V1NetworkPolicyPeer
        {
            NamespaceSelector = p.NamespaceSelector is null ? null : Selector(p.NamespaceSelector),
            PodSelector = p.PodSelector is null ? null : Selector(p.PodSelector),
            IpBlock = p.IpBlock is null ? null : new V1IPBlock { Cidr = p.IpBlock },
        })];

    private static List<V1NetworkPolicyPort>? Ports(NetworkPolicyRule rule) =>
        rule.Ports.Count == 0 ? null : [.. rule.Ports.Select(p => new V1NetworkPolicyPort { Port = p.Port, Protocol = p.Protocol })];

    // Named ports and endPort are not in the spec's vocabulary; a live rule using them reads back as its number or name's
    // absence, which shows as drift and is re-applied.
    private static NetworkPolicyRule Rule(IList<V1NetworkPolicyPeer>? peers, IList<V1NetworkPolicyPort>? ports) => new()
    {
        Peers = [.. (peers ?? []).Select(p => new NetworkPolicyPeer
        {
            NamespaceSelector = p.NamespaceSelector is null ? null : Sorted(p.NamespaceSelector.MatchLabels),
            PodSelector = p.PodSelector is null ? null : Sorted(p.PodSelector.MatchLabels),
            IpBlock = p.IpBlock?.Cidr,
        })],
        Ports = [.. (ports ?? []).Select(p => new NetworkPolicyPort(int.TryParse(p.Port?.Value, out var n) ? n : 0, p.Protocol ?? "TCP"))],
    };
}
