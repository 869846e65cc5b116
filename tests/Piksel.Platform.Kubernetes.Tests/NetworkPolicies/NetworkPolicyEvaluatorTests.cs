using System.Net;
using Piksel.Platform.Kubernetes.NetworkPolicies;
using static Piksel.Platform.Kubernetes.Tests.NetworkPolicies.Policies;

namespace Piksel.Platform.Kubernetes.Tests.NetworkPolicies;

/// <summary>The evaluator against upstream NetworkPolicy semantics, construct by construct, pitfalls included.</summary>
public sealed class NetworkPolicyEvaluatorTests
{
    private static readonly V1Namespaces Namespaces = new();

    private static readonly NetworkEndpoint Web = Pod("a", "web", "10.1.0.5", new NamedPort("http", 8080));
    private static readonly NetworkEndpoint Db = Pod("b", "db", "10.1.0.6", new NamedPort("postgres", 5432), new NamedPort("dns", 53, "UDP"));
    private static readonly NetworkEndpoint OtherInA = Pod("a", "other", "10.1.0.7");

    [Fact]
    public void Without_policies_everything_is_open()
    {
        var verdict = Evaluator(Namespaces).Evaluate(Web, Db, 5432);
        Assert.True(verdict.Allowed);
        Assert.False(verdict.Egress.Isolated);
        Assert.False(verdict.Ingress.Isolated);
        Assert.Contains("not isolated", verdict.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_deny_isolates_both_directions_and_names_itself()
    {
        var evaluator = Evaluator(Namespaces, DenyAll("a"), DenyAll("b"));
        var verdict = evaluator.Evaluate(Web, Db, 5432);
        Assert.False(verdict.Allowed);
        Assert.Equal(["a/default-deny-all"], verdict.Egress.SelectingPolicies);
        Assert.Equal(["b/default-deny-all"], verdict.Ingress.SelectingPolicies);
        Assert.Equal("egress: isolated by a/default-deny-all; no rule allows it; ingress: isolated by b/default-deny-all; no rule allows it", verdict.Explain());
        Assert.False(evaluator.Evaluate(Web, OtherInA, 80).Allowed); // also within the namespace
    }

    [Fact]
    public void A_connection_needs_both_the_source_egress_and_the_destination_ingress()
    {
        var egress = Policy("a", "to-b", types: ["Egress"], egress: [To([Peer(namespaces: Labels(("kubernetes.io/metadata.name", "b")))], [Port(5432)])]);
        var ingress = Policy("b", "from-a", types: ["Ingress"], ingress: [From([Peer(namespaces: Labels(("kubernetes.io/metadata.name", "a")))], [Port(5432)])]);
        Assert.False(Evaluator(Namespaces, DenyAll("a"), DenyAll("b"), egress).Evaluate(Web, Db, 5432).Allowed);
        Assert.False(Evaluator(Namespaces, DenyAll("a"), DenyAll("b"), ingress).Evaluate(Web, Db, 5432).Allowed);
        var both = Evaluator(Namespaces, DenyAll("a"), DenyAll("b"), egress, ingress).Evaluate(Web, Db, 5432);
        Assert.True(both.Allowed);
        Assert.Equal("a/to-b egress[0]", both.Egress.AllowedBy);
        Assert.Equal("b/from-a ingress[0]", both.Ingress.AllowedBy);
        Assert.False(Evaluator(Namespaces, DenyAll("a"), DenyAll("b"), egress, ingress).Evaluate(Web, Db, 5433).Allowed);
    }

    [Fact]
    public void Policy_types_default_to_ingress_and_to_egress_only_with_egress_rules()
    {
        // No policyTypes, no egress section: ingress only, so egress stays open.
        var ingressOnly = Policy("a", "in", ingress: []);
        Assert.Equal([TrafficDirection.Ingress], NetworkPolicyEvaluator.EffectiveTypes(ingressOnly));
        Assert.True(Evaluator(Namespaces, ingressOnly).Evaluate(Web, Db, 1).Egress.Allowed);
        Assert.False(Evaluator(Namespaces, ingressOnly).Evaluate(Db, Web, 1).Ingress.Allowed);

        // An egress section turns Egress on.
        var withEgress = Policy("a", "out", egress: [To([Peer(pods: Labels(("app", "nothing")))])]);
        Assert.Equal([TrafficDirection.Ingress, TrafficDirection.Egress], NetworkPolicyEvaluator.EffectiveTypes(withEgress));
        Assert.False(Evaluator(Namespaces, withEgress).Evaluate(Web, Db, 1).Egress.Allowed);

        // Explicit Egress only: ingress stays open.
        var egressOnly = Policy("a", "eg", types: ["Egress"]);
        Assert.True(Evaluator(Namespaces, egressOnly).Evaluate(Db, Web, 1).Ingress.Allowed);
    }

    [Fact]
    public void An_empty_rule_allows_everything_and_no_rules_deny()
    {
        Assert.True(Evaluator(Namespaces, Policy("b", "all", ingress: [From()])).Evaluate(Web, Db, 9999, "UDP").Allowed);
        Assert.False(Evaluator(Namespaces, Policy("b", "none", ingress: [])).Evaluate(Web, Db, 9999).Allowed);
    }

    [Fact]
    public void A_pod_selector_alone_means_the_policy_namespace()
    {
        var policy = Policy("b", "from-web", ingress: [From([Peer(pods: Labels(("app", "web")))])]);
        Assert.False(Evaluator(Namespaces, policy).Evaluate(Web, Db, 5432).Allowed); // web is in a, not b
        Assert.True(Evaluator(Namespaces, policy).Evaluate(Pod("b", "web"), Db, 5432).Allowed);
    }

    [Fact]
    public void A_namespace_selector_alone_means_every_pod_there()
    {
        var policy = Policy("b", "from-team", ingress: [From([Peer(namespaces: Labels(("team", "x")))])]);
        var namespaces = new[] { Namespace("a", ("team", "x")), Namespace("b") };
        Assert.True(Evaluator(namespaces, policy).Evaluate(Web, Db, 1).Allowed);
        Assert.True(Evaluator(namespaces, policy).Evaluate(OtherInA, Db, 1).Allowed);
        Assert.False(Evaluator(namespaces, policy).Evaluate(Pod("b", "web"), Db, 1).Allowed);

        // The metadata.name label is the API server's own, present even when the namespace was read without it.
        var byName = Policy("b", "from-a", ingress: [From([Peer(namespaces: Labels(("kubernetes.io/metadata.name", "a")))])]);
        Assert.True(Evaluator(namespaces, byName).Evaluate(Web, Db, 1).Allowed);
        Assert.True(Evaluator([], byName).Evaluate(Web, Db, 1).Allowed);
    }

    [Fact]
    public void Both_selectors_in_one_peer_are_AND_but_in_two_peers_are_OR()
    {
        var namespaces = new[] { Namespace("a", ("team", "x")), Namespace("c", ("team", "x")), Namespace("b") };
        var and = Policy("b", "and", ingress: [From([Peer(namespaces: Labels(("team", "x")), pods: Labels(("app", "web")))])]);
        var or = Policy("b", "or", ingress: [From([Peer(namespaces: Labels(("team", "x"))), Peer(pods: Labels(("app", "web")))])]);
        Assert.True(Evaluator(namespaces, and).Evaluate(Web, Db, 1).Allowed);
        Assert.False(Evaluator(namespaces, and).Evaluate(OtherInA, Db, 1).Allowed);
        Assert.False(Evaluator(namespaces, and).Evaluate(Pod("b", "web"), Db, 1).Allowed);
        Assert.True(Evaluator(namespaces, or).Evaluate(OtherInA, Db, 1).Allowed);
        Assert.True(Evaluator(namespaces, or).Evaluate(Pod("b", "web"), Db, 1).Allowed);
        Assert.False(Evaluator(namespaces, or).Evaluate(Pod("d", "other"), Db, 1).Allowed);
    }

    [Theory]
    [InlineData("In", new[] { "web", "api" }, "web", true)]
    [InlineData("In", new[] { "api" }, "web", false)]
    [InlineData("NotIn", new[] { "api" }, "web", true)]
    [InlineData("NotIn", new[] { "web" }, "web", false)]
    [InlineData("NotIn", new[] { "web" }, null, true)]
    [InlineData("Exists", new string[0], "web", true)]
    [InlineData("Exists", new string[0], null, false)]
    [InlineData("DoesNotExist", new string[0], null, true)]
    [InlineData("DoesNotExist", new string[0], "web", false)]
    [InlineData("Bogus", new string[0], "web", false)]
    public void Match_expressions_follow_the_label_selector_operators(string op, string[] values, string? app, bool matches)
    {
        var labels = app is null ? new Dictionary<string, string> { ["tier"] = "x" } : new Dictionary<string, string> { ["app"] = app };
        Assert.Equal(matches, LabelSelectorMatcher.Matches(Expression("app", op, values), labels));
        var policy = Policy("b", "expr", ingress: [From([Peer(namespaces: new(), pods: Expression("app", op, values))])]);
        Assert.Equal(matches, Evaluator(Namespaces, policy).Evaluate(NetworkEndpoint.Pod("a", labels), Db, 1).Allowed);
    }

    [Fact]
    public void Match_labels_and_expressions_must_all_hold()
    {
        var selector = Labels(("app", "web"));
        selector.MatchExpressions = [new() { Key = "tier", OperatorProperty = "Exists" }];
        Assert.False(LabelSelectorMatcher.Matches(selector, new Dictionary<string, string> { ["app"] = "web" }));
        Assert.True(LabelSelectorMatcher.Matches(selector, new Dictionary<string, string> { ["app"] = "web", ["tier"] = "x" }));
        Assert.True(LabelSelectorMatcher.Matches(new(), new Dictionary<string, string>()));
    }

    [Fact]
    public void An_ip_block_matches_its_cidr_minus_the_exceptions()
    {
        var egress = Policy("a", "out", types: ["Egress"], egress: [To([Block("10.0.0.0/16", "10.0.5.0/24")], [Port(443)])]);
        var evaluator = Evaluator(Namespaces, egress);
        Assert.True(evaluator.Evaluate(Web, NetworkEndpoint.External(IPAddress.Parse("10.0.1.1")), 443).Allowed);
        Assert.False(evaluator.Evaluate(Web, NetworkEndpoint.External(IPAddress.Parse("10.0.5.9")), 443).Allowed);
        Assert.False(evaluator.Evaluate(Web, NetworkEndpoint.External(IPAddress.Parse("10.1.0.1")), 443).Allowed);
        Assert.False(evaluator.Evaluate(Web, NetworkEndpoint.External(IPAddress.Parse("10.0.1.1")), 80).Allowed);

        // An outside address has no policies of its own: only the pod's side judges.
        var verdict = evaluator.Evaluate(Web, NetworkEndpoint.External(IPAddress.Parse("10.0.1.1")), 443);
        Assert.False(verdict.Ingress.Applies);
        Assert.Contains("not a pod", verdict.Ingress.Explain(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1/16", "10.0.200.3", true)] // host bits set, as Go's ParseCIDR accepts
    [InlineData("0.0.0.0/0", "192.168.1.1", true)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "10.0.0.1", false)]
    [InlineData("10.0.0.0/33", "10.0.0.1", false)]
    [InlineData("not-a-cidr", "10.0.0.1", false)]
    public void Cidrs_are_compared_bit_by_bit(string cidr, string address, bool inside) =>
        Assert.Equal(inside, IpBlockMatcher.Matches(new() { Cidr = cidr }, IPAddress.Parse(address)));

    [Fact]
    public void An_ingress_ip_block_judges_the_source_address()
    {
        var policy = Policy("b", "from-block", ingress: [From([Block("10.1.0.0/24", "10.1.0.6/32")])]);
        Assert.True(Evaluator(Namespaces, policy).Evaluate(Web, Db, 1).Allowed);
        Assert.False(Evaluator(Namespaces, policy).Evaluate(Pod("a", "web", "10.1.0.6"), Db, 1).Allowed);
        Assert.False(Evaluator(Namespaces, policy).Evaluate(Pod("a", "web"), Db, 1).Allowed); // no address known
    }

    [Fact]
    public void Ports_match_by_protocol_range_and_name_resolved_on_the_destination()
    {
        Assert.True(Allowed(Port(5432), Db, 5432, "TCP"));
        Assert.False(Allowed(Port(5432), Db, 5432, "UDP")); // TCP is the default protocol
        Assert.True(Allowed(Port(53, "UDP"), Db, 53, "UDP"));
        Assert.True(Allowed(Port(132, "SCTP"), Db, 132, "SCTP"));
        Assert.True(Allowed(Port(8000, endPort: 9000), Db, 8500, "TCP"));
        Assert.True(Allowed(Port(8000, endPort: 9000), Db, 9000, "TCP"));
        Assert.False(Allowed(Port(8000, endPort: 9000), Db, 9001, "TCP"));
        Assert.True(Allowed(new() { Protocol = "UDP" }, Db, 12345, "UDP")); // no port: every port of the protocol
        Assert.True(Allowed(Port("postgres"), Db, 5432, "TCP"));
        Assert.False(Allowed(Port("postgres"), Db, 5433, "TCP"));
        Assert.False(Allowed(Port("postgres"), Web, 5432, "TCP")); // web has no port of that name
        Assert.True(Allowed(Port("dns", "UDP"), Db, 53, "UDP"));
        Assert.False(Allowed(Port("dns"), Db, 53, "UDP")); // the named port's protocol is UDP, the rule's TCP
    }

    [Fact]
    public void A_named_egress_port_resolves_on_the_destination_pod_not_the_source()
    {
        var egress = Policy("a", "out", types: ["Egress"], egress: [To(ports: [Port("postgres")])]);
        var source = Pod("a", "web", null, new NamedPort("postgres", 6000));
        Assert.True(Evaluator(Namespaces, egress).Evaluate(source, Db, 5432).Allowed);
        Assert.False(Evaluator(Namespaces, egress).Evaluate(source, Db, 6000).Allowed);
    }

    [Fact]
    public void A_policy_selects_only_pods_of_its_own_namespace_and_of_its_selector()
    {
        var policy = Policy("a", "deny-web", podSelector: Labels(("app", "web")), types: ["Ingress"]);
        var evaluator = Evaluator(Namespaces, policy);
        Assert.False(evaluator.Evaluate(Db, Web, 1).Allowed);
        Assert.True(evaluator.Evaluate(Db, OtherInA, 1).Allowed);
        Assert.True(evaluator.Evaluate(Web, Pod("b", "web"), 1).Allowed);
    }

    [Fact]
    public void Allowing_rules_of_several_policies_add_up()
    {
        var one = Policy("b", "one", ingress: [From(ports: [Port(1)])]);
        var two = Policy("b", "two", ingress: [From(ports: [Port(2)])]);
        var evaluator = Evaluator(Namespaces, DenyAll("b"), one, two);
        Assert.True(evaluator.Evaluate(Web, Db, 1).Allowed);
        var verdict = evaluator.Evaluate(Web, Db, 2);
        Assert.Equal("b/two ingress[0]", verdict.Ingress.AllowedBy);
        Assert.Equal(["b/default-deny-all", "b/one", "b/two"], verdict.Ingress.SelectingPolicies);
        Assert.False(evaluator.Evaluate(Web, Db, 3).Allowed);
    }

    [Fact]
    public void The_dns_allowance_reaches_kube_dns_on_udp_and_tcp_53_only()
    {
        var allowDns = Policy("a", "allow-dns", types: ["Egress"], egress: [To(
            [Peer(namespaces: Labels(("kubernetes.io/metadata.name", "kube-system")), pods: Labels(("k8s-app", "kube-dns")))],
            [Port(53, "UDP"), Port(53, "TCP")])]);
        var evaluator = Evaluator(Namespaces, DenyAll("a"), allowDns);
        var dns = NetworkEndpoint.Pod("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });
        Assert.True(evaluator.Evaluate(Web, dns, 53, "UDP").Allowed);
        Assert.True(evaluator.Evaluate(Web, dns, 53, "TCP").Allowed);
        Assert.False(evaluator.Evaluate(Web, dns, 80).Allowed);
        Assert.False(evaluator.Evaluate(Web, NetworkEndpoint.Pod("kube-system", new Dictionary<string, string> { ["k8s-app"] = "metrics" }), 53, "UDP").Allowed);
    }

    [Fact]
    public void Terminating_policies_are_not_in_force()
    {
        var deny = DenyAll("b");
        deny.Metadata.DeletionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.True(Evaluator(Namespaces, deny).Evaluate(Web, Db, 1).Allowed);
    }

    [Fact]
    public void A_live_pod_becomes_an_endpoint_with_its_named_ports_and_address()
    {
        var pod = new k8s.Models.V1Pod
        {
            Metadata = new() { Name = "p", NamespaceProperty = "b", Labels = new Dictionary<string, string> { ["app"] = "db" } },
            Spec = new() { Containers = [new() { Name = "c", Ports = [new() { Name = "postgres", ContainerPort = 5432 }, new() { ContainerPort = 9 }] }] },
            Status = new() { PodIP = "10.1.0.6" },
        };
        var endpoint = NetworkEndpoint.FromPod(pod);
        Assert.Equal("b", endpoint.Namespace);
        Assert.Equal([new NamedPort("postgres", 5432)], endpoint.Ports);
        Assert.Equal(IPAddress.Parse("10.1.0.6"), endpoint.Address);
        Assert.Equal("b/{app=db}", endpoint.ToString());
    }

    private static bool Allowed(k8s.Models.V1NetworkPolicyPort port, NetworkEndpoint destination, int number, string protocol) =>
        Evaluator(Namespaces, Policy(destination.Namespace!, "p", ingress: [From(ports: [port])])).Evaluate(Pod("x", "src"), destination, number, protocol).Allowed;

    // The namespaces most tests need: a and b, unlabelled but for their names.
    private sealed class V1Namespaces : List<k8s.Models.V1Namespace>
    {
        public V1Namespaces()
            : base([Namespace("a"), Namespace("b")])
        {
        }
    }
}
