using CsCheck;
using k8s.Models;
using Piksel.Platform.Kubernetes.NetworkPolicies;
using static Piksel.Platform.Kubernetes.Tests.NetworkPolicies.Policies;

namespace Piksel.Platform.Kubernetes.Tests.NetworkPolicies;

/// <summary>
/// Properties of the evaluator over generated policies (seeded and bounded): rules only ever add reachability, a
/// default deny everywhere denies every pair, and no policy allows every pair.
/// </summary>
public sealed class NetworkPolicyPropertyTests
{
    private const string Seed = "0000001diwQ7";
    private const int Iterations = 150;

    private static readonly string[] NamespaceNames = ["a", "b", "c"];
    private static readonly V1Namespace[] AllNamespaces =
        [Namespace("a", ("team", "x")), Namespace("b", ("team", "y")), Namespace("c")];

    private static readonly Gen<string> App = Gen.OneOf<string>("web", "db", "dns");
    private static readonly Gen<V1LabelSelector> Selector = Gen.Frequency<V1LabelSelector>(
        (2, Gen.Const(new V1LabelSelector())),
        (3, App.Select(app => Labels(("app", app)))),
        (1, Gen.Select(Gen.OneOf<string>("In", "NotIn", "Exists", "DoesNotExist"), App, (op, app) => Expression("app", op, op is "In" or "NotIn" ? [app] : []))));

    private static readonly Gen<V1NetworkPolicyPeer> PeerGen = Gen.Frequency<V1NetworkPolicyPeer>(
        (2, Selector.Select(s => Peer(pods: s))),
        (2, Gen.OneOf<string>("x", "y").Select(team => Peer(namespaces: Labels(("team", team))))),
        (2, Gen.Select(Selector, Gen.OneOf<string>("a", "b", "c"), (s, ns) => Peer(namespaces: Labels(("kubernetes.io/metadata.name", ns)), pods: s))),
        (1, Gen.OneOf<string>("10.0.0.0/8", "10.0.1.0/24").Select(cidr => Block(cidr, "10.0.1.128/25"))));

    private static readonly Gen<V1NetworkPolicyPort> PortGen = Gen.Frequency<V1NetworkPolicyPort>(
        (3, Gen.OneOf<int>(53, 80, 5432).Select(p => Port(p))),
        (1, Gen.OneOf<string>("UDP", "SCTP").Select(p => Port(53, p))),
        (1, Gen.Const(Port(50, endPort: 100))),
        (1, Gen.OneOf<string>("http", "postgres").Select(n => Port(n))));

    private static readonly Gen<(IList<V1NetworkPolicyPeer>? Peers, IList<V1NetworkPolicyPort>? Ports)> RuleGen =
        Gen.Select(PeerGen.List[0, 2], PortGen.List[0, 2], (peers, ports) => ((IList<V1NetworkPolicyPeer>?)(peers.Count == 0 ? null : peers), (IList<V1NetworkPolicyPort>?)(ports.Count == 0 ? null : ports)));

    // Types always explicit, so adding a rule cannot switch a direction on through defaulting.
    private static readonly Gen<V1NetworkPolicy> PolicyGen = Gen.Select(
        Gen.OneOf<string>(NamespaceNames), Selector, Gen.OneOf<IList<string>>(["Ingress"], ["Egress"], ["Ingress", "Egress"]), RuleGen.List[0, 2], RuleGen.List[0, 2], Gen.Int[0, 1_000_000],
        (ns, selector, types, ingress, egress, id) => Policy(ns, $"p{id}", selector, types,
            [.. ingress.Select(r => From(r.Peers, r.Ports))], [.. egress.Select(r => To(r.Peers, r.Ports))]));

    private static readonly NetworkEndpoint[] Endpoints =
    [
        .. NamespaceNames.SelectMany(ns => new[] { "web", "db", "dns" }.Select((app, i) =>
            Pod(ns, app, $"10.0.{i}.{Array.IndexOf(NamespaceNames, ns) + 130}", new NamedPort("http", 80), new NamedPort("postgres", 5432)))),
        NetworkEndpoint.External(System.Net.IPAddress.Parse("10.0.1.200")),
    ];

    private static readonly (int Port, string Protocol)[] Probes = [(53, "UDP"), (53, "TCP"), (80, "TCP"), (5432, "TCP"), (75, "TCP"), (53, "SCTP")];

    [Fact]
    public void Adding_a_rule_never_removes_a_reachable_pair()
    {
        Gen.Select(PolicyGen.List[1, 4], Gen.Int[0, 3], RuleGen, Gen.Bool).Sample(sample =>
        {
            var (policies, which, rule, ingress) = sample;
            var before = new NetworkPolicyEvaluator(policies, AllNamespaces);
            var target = policies[which % policies.Count];
            var widened = Policy(target.Metadata.NamespaceProperty, target.Metadata.Name, target.Spec.PodSelector, target.Spec.PolicyTypes,
                ingress ? [.. target.Spec.Ingress ?? [], From(rule.Peers, rule.Ports)] : target.Spec.Ingress,
                ingress ? target.Spec.Egress : [.. target.Spec.Egress ?? [], To(rule.Peers, rule.Ports)]);
            var after = new NetworkPolicyEvaluator([.. policies.Select(p => p == target ? widened : p)], AllNamespaces);
            foreach (var (from, to, port, protocol) in Pairs())
            {
                if (before.Evaluate(from, to, port, protocol).Allowed && !after.Evaluate(from, to, port, protocol).Allowed)
                {
                    return false;
                }
            }

            return true;
        }, seed: Seed, iter: Iterations);
    }

    [Fact]
    public void Adding_a_policy_never_opens_a_pod_that_was_isolated_and_denied()
    {
        // A new policy can only add rules where the pod was isolated already, or isolate it: a denied pair between two
        // pods that were both isolated in the relevant directions stays denied unless the new policy's rules allow it.
        Gen.Select(PolicyGen.List[1, 4], PolicyGen).Sample(sample =>
        {
            var (policies, extra) = sample;
            var before = new NetworkPolicyEvaluator(policies, AllNamespaces);
            var after = new NetworkPolicyEvaluator([.. policies, extra], AllNamespaces);
            foreach (var (from, to, port, protocol) in Pairs())
            {
                var was = before.Evaluate(from, to, port, protocol);
                var now = after.Evaluate(from, to, port, protocol);
                if (!was.Allowed && now.Allowed && now.Egress.AllowedBy?.StartsWith($"{extra.Metadata.NamespaceProperty}/{extra.Metadata.Name} ", StringComparison.Ordinal) != true
                    && now.Ingress.AllowedBy?.StartsWith($"{extra.Metadata.NamespaceProperty}/{extra.Metadata.Name} ", StringComparison.Ordinal) != true)
                {
                    return false;
                }
            }

            return true;
        }, seed: Seed, iter: Iterations);
    }

    [Fact]
    public void A_default_deny_in_every_namespace_denies_every_pair_and_no_policy_allows_every_pair()
    {
        var denied = new NetworkPolicyEvaluator([.. NamespaceNames.Select(DenyAll)], AllNamespaces);
        var open = new NetworkPolicyEvaluator([], AllNamespaces);
        foreach (var (from, to, port, protocol) in Pairs())
        {
            Assert.False(denied.Evaluate(from, to, port, protocol).Allowed, $"{from} -> {to}:{port}/{protocol}");
            Assert.True(open.Evaluate(from, to, port, protocol).Allowed, $"{from} -> {to}:{port}/{protocol}");
        }
    }

    [Fact]
    public void Every_verdict_explains_itself_and_names_the_rule_that_allowed_it()
    {
        PolicyGen.List[0, 4].Sample(policies =>
        {
            var evaluator = new NetworkPolicyEvaluator(policies, AllNamespaces);
            foreach (var (from, to, port, protocol) in Pairs())
            {
                var verdict = evaluator.Evaluate(from, to, port, protocol);
                var explained = verdict.Explain();
                if (explained.Length == 0 || (verdict.Egress.Isolated && verdict.Egress.Allowed && verdict.Egress.AllowedBy is null))
                {
                    return false;
                }
            }

            return true;
        }, seed: Seed, iter: 50);
    }

    private static IEnumerable<(NetworkEndpoint From, NetworkEndpoint To, int Port, string Protocol)> Pairs() =>
        from a in Endpoints where a.IsPod from b in Endpoints from probe in Probes select (a, b, probe.Port, probe.Protocol);
}
