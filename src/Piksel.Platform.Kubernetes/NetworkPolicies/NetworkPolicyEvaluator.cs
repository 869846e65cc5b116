using k8s.Models;

namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>
/// The meaning of the NetworkPolicies in force, as upstream defines it (networking.k8s.io/v1): a pod is isolated in a
/// direction once a policy of its namespace selects it with that type, and then only the union of the selecting
/// policies' rules lets traffic through; a connection needs the source's egress and the destination's ingress (replies
/// are implied). Rules: peers OR'ed, ports OR'ed, peers AND ports; an absent list means any. A peer's
/// <c>podSelector</c> alone means the policy's namespace; <c>namespaceSelector</c> alone every pod of the matching
/// namespaces; both in one peer, both must hold. Named ports resolve on the destination pod. <c>ipBlock</c> matches by
/// the endpoint's address, pods' included (how a CNI treats pod IPs there is its own choice; this follows the address).
/// </summary>
public sealed class NetworkPolicyEvaluator
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    private readonly IReadOnlyList<V1NetworkPolicy> policies;
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels = new(StringComparer.Ordinal);

    /// <summary>An evaluator of <paramref name="policies"/> over <paramref name="namespaces"/> (whose labels namespace selectors read).</summary>
    public NetworkPolicyEvaluator(IEnumerable<V1NetworkPolicy> policies, IEnumerable<V1Namespace> namespaces)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(namespaces);
        this.policies = [.. policies.Where(p => p.Metadata?.DeletionTimestamp is null)];
        foreach (var ns in namespaces)
        {
            var labels = new Dictionary<string, string>(ns.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                // The API server sets it on every namespace; a namespace read without it still carries it.
                [NamespaceNameLabel] = ns.Metadata.Name,
            };
            namespaceLabels[ns.Metadata.Name] = labels;
        }
    }

    /// <summary>Whether <paramref name="from"/> may open <paramref name="port"/>/<paramref name="protocol"/> on <paramref name="to"/>, and why.</summary>
    public ReachabilityVerdict Evaluate(NetworkEndpoint from, NetworkEndpoint to, int port, string protocol = "TCP")
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return new(Judge(TrafficDirection.Egress, from, to, to, port, protocol), Judge(TrafficDirection.Ingress, to, from, to, port, protocol));
    }

    // Judges one side: `subject` is the pod whose policies decide, `peer` the other end, `destination` whose named ports count.
    private DirectionVerdict Judge(TrafficDirection direction, NetworkEndpoint subject, NetworkEndpoint peer, NetworkEndpoint destination, int port, string protocol)
    {
        if (!subject.IsPod)
        {
            return new(direction, false, [], null);
        }

        var selecting = policies.Where(p => Selects(p, subject, direction)).ToList();
        string? allowedBy = null;
        foreach (var policy in selecting)
        {
            var rules = Rules(policy, direction);
            for (var i = 0; i < rules.Count && allowedBy is null; i++)
            {
                var (peers, ports) = rules[i];
                var peerMatches = peers is null || peers.Count == 0 || peers.Any(p => PeerMatches(p, policy.Metadata.NamespaceProperty, peer));
                var portMatches = ports is null || ports.Count == 0 || ports.Any(p => PortMatches(p, destination, port, protocol));
                if (peerMatches && portMatches)
                {
                    allowedBy = $"{Name(policy)} {(direction == TrafficDirection.Egress ? "egress" : "ingress")}[{i}]";
                }
            }

            if (allowedBy is not null)
            {
                break;
            }
        }

        return new(direction, true, [.. selecting.Select(Name)], allowedBy);
    }

    private static bool Selects(V1NetworkPolicy policy, NetworkEndpoint pod, TrafficDirection direction) =>
        policy.Metadata.NamespaceProperty == pod.Namespace
        && LabelSelectorMatcher.Matches(policy.Spec?.PodSelector ?? new V1LabelSelector(), pod.Labels)
        && EffectiveTypes(policy).Contains(direction);

    /// <summary>
    /// The policy's types; absent, Ingress always and Egress only when it has egress rules (the API's defaulting).
    /// </summary>
    public static IReadOnlyList<TrafficDirection> EffectiveTypes(V1NetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var declared = policy.Spec?.PolicyTypes;
        if (declared is { Count: > 0 })
        {
            return [.. declared.Select(t => t switch { "Egress" => TrafficDirection.Egress, "Ingress" => TrafficDirection.Ingress, _ => (TrafficDirection?)null })
                .OfType<TrafficDirection>()];
        }

        return policy.Spec?.Egress is { Count: > 0 } ? [TrafficDirection.Ingress, TrafficDirection.Egress] : [TrafficDirection.Ingress];
    }

    private static IReadOnlyList<(IList<V1NetworkPolicyPeer>? Peers, IList<V1NetworkPolicyPort>? Ports)> Rules(V1NetworkPolicy policy, TrafficDirection direction) =>
        direction == TrafficDirection.Egress
            ? [.. (policy.Spec?.Egress ?? []).Select(r => (r.To, r.Ports))]
            : [.. (policy.Spec?.Ingress ?? []).Select(r => (r.FromProperty, r.Ports))];

    private bool PeerMatches(V1NetworkPolicyPeer peer, string policyNamespace, NetworkEndpoint endpoint)
    {
        if (peer.IpBlock is not null)
        {
            return endpoint.Address is not null && IpBlockMatcher.Matches(peer.IpBlock, endpoint.Address);
        }

        if (!endpoint.IsPod || (peer.PodSelector is null && peer.NamespaceSelector is null))
        {
            return false;
        }

        var namespaceMatches = peer.NamespaceSelector is null
            ? endpoint.Namespace == policyNamespace
            : LabelSelectorMatcher.Matches(peer.NamespaceSelector, LabelsOf(endpoint.Namespace!));
        return namespaceMatches && (peer.PodSelector is null || LabelSelectorMatcher.Matches(peer.PodSelector, endpoint.Labels));
    }

    private IReadOnlyDictionary<string, string> LabelsOf(string ns) =>
        namespaceLabels.TryGetValue(ns, out var labels) ? labels : new Dictionary<string, string> { [NamespaceNameLabel] = ns };

    private static bool PortMatches(V1NetworkPolicyPort rule, NetworkEndpoint destination, int port, string protocol)
    {
        if (!string.Equals(rule.Protocol ?? "TCP", protocol, StringComparison.Ordinal))
        {
            return false;
        }

        var value = rule.Port?.Value;
        if (value is null)
        {
            return true;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return rule.EndPort is { } end ? port >= number && port <= end : port == number;
        }

        // A named port means the destination pod's container port of that name and protocol; a pod without it is not matched.
        return destination.Ports.Any(p => p.Name == value && p.Protocol == protocol && p.Port == port);
    }

    private static string Name(V1NetworkPolicy policy) => $"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}";
}
