using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>
/// The NetworkPolicies of every workload namespace: <c>default-deny-all</c> (both directions, no rules),
/// <c>allow-dns</c> (egress to kube-dns on UDP and TCP 53), and per declared flow (<see cref="WorkloadFlows"/>) an
/// <c>allow-egress-to-&lt;ns&gt;</c> policy in the source namespace and an <c>allow-ingress-from-&lt;ns&gt;</c> policy in the
/// destination: a connection needs both sides to allow it.
/// </summary>
internal sealed class NetworkPolicyDefinition : IDefinitionArea
{
    private readonly List<KubernetesNetworkPolicy> policies = [];

    /// <summary>The policies of the workload namespaces of <paramref name="cluster"/>.</summary>
    public NetworkPolicyDefinition(DefinitionContext context, ClusterReference cluster, NamespaceDefinition namespaces)
    {
        KubernetesNetworkPolicy Policy(string ns, string name) => new()
        {
            Name = name,
            Namespace = ns,
            Cluster = cluster.Name,
            Labels = context.Labels,
            DependsOn = [.. namespaces.DependencyOf(ns)],
        };

        foreach (var ns in NamespaceDefinition.WorkloadNamespaces)
        {
            policies.Add(Policy(ns, "default-deny-all") with { PolicyTypes = ["Ingress", "Egress"] });
            policies.Add(Policy(ns, "allow-dns") with
            {
                PolicyTypes = ["Egress"],
                Egress = [new NetworkPolicyRule
                {
                    Peers = [new NetworkPolicyPeer { NamespaceSelector = NamespaceIs(WorkloadFlows.Dns.Namespace), PodSelector = WorkloadFlows.Dns.Labels }],
                    Ports = [new NetworkPolicyPort(WorkloadFlows.Dns.Port, "UDP"), new NetworkPolicyPort(WorkloadFlows.Dns.Port, "TCP")],
                }],
            });
        }

        foreach (var (from, to) in WorkloadFlows.Flows.Select(f => (f.From, f.To)).Distinct())
        {
            var ports = PortsOf(from, to);
            policies.Add(Policy(from, $"allow-egress-to-{to}") with
            {
                PolicyTypes = ["Egress"],
                Egress = [new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { NamespaceSelector = NamespaceIs(to) }], Ports = ports }],
            });
            policies.Add(Policy(to, $"allow-ingress-from-{from}") with
            {
                PolicyTypes = ["Ingress"],
                Ingress = [new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { NamespaceSelector = NamespaceIs(from) }], Ports = ports }],
            });
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => policies;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];

    private static IReadOnlyList<NetworkPolicyPort> PortsOf(string from, string to) =>
        [.. WorkloadFlows.Flows.Where(f => f.From == from && f.To == to).Select(f => new NetworkPolicyPort(f.Port, f.Protocol))];

    private static Dictionary<string, string> NamespaceIs(string ns) => new() { [WorkloadFlows.NamespaceNameLabel] = ns };
}
