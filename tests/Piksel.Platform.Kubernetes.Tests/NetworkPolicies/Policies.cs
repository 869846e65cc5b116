using System.Net;
using k8s.Models;
using Piksel.Platform.Kubernetes.NetworkPolicies;

namespace Piksel.Platform.Kubernetes.Tests.NetworkPolicies;

/// <summary>Terse builders of policies, namespaces and pods for the evaluator's tests.</summary>
internal static class Policies
{
    public static V1LabelSelector Labels(params (string Key, string Value)[] labels) =>
        new() { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value) };

    public static V1LabelSelector Expression(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values }] };

    public static V1NetworkPolicy Policy(string ns, string name, V1LabelSelector? podSelector = null, IList<string>? types = null,
        IList<V1NetworkPolicyIngressRule>? ingress = null, IList<V1NetworkPolicyEgressRule>? egress = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1NetworkPolicySpec { PodSelector = podSelector ?? new V1LabelSelector(), PolicyTypes = types, Ingress = ingress, Egress = egress },
        };

    public static V1NetworkPolicy DenyAll(string ns) => Policy(ns, "default-deny-all", types: ["Ingress", "Egress"]);

    public static V1NetworkPolicyIngressRule From(IList<V1NetworkPolicyPeer>? peers = null, IList<V1NetworkPolicyPort>? ports = null) =>
        new() { FromProperty = peers, Ports = ports };

    public static V1NetworkPolicyEgressRule To(IList<V1NetworkPolicyPeer>? peers = null, IList<V1NetworkPolicyPort>? ports = null) =>
        new() { To = peers, Ports = ports };

    public static V1NetworkPolicyPeer Peer(V1LabelSelector? namespaces = null, V1LabelSelector? pods = null) =>
        new() { NamespaceSelector = namespaces, PodSelector = pods };

    public static V1NetworkPolicyPeer Block(string cidr, params string[] except) =>
        new() { IpBlock = new V1IPBlock { Cidr = cidr, Except = except.Length == 0 ? null : except } };

    public static V1NetworkPolicyPort Port(int port, string? protocol = null, int? endPort = null) => new() { Port = port, Protocol = protocol, EndPort = endPort };

    public static V1NetworkPolicyPort Port(string name, string? protocol = null) => new() { Port = name, Protocol = protocol };

    public static V1Namespace Namespace(string name, params (string Key, string Value)[] labels) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels.Length == 0 ? null : labels.ToDictionary(l => l.Key, l => l.Value) } };

    public static NetworkEndpoint Pod(string ns, string app, string? ip = null, params NamedPort[] ports) =>
        NetworkEndpoint.Pod(ns, new Dictionary<string, string> { ["app"] = app }, ports, ip is null ? null : IPAddress.Parse(ip));

    public static NetworkPolicyEvaluator Evaluator(IEnumerable<V1Namespace> namespaces, params V1NetworkPolicy[] policies) => new(policies, namespaces);
}
