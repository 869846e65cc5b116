using Piksel.Platform.Definition;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;
using static Piksel.Platform.Tests.Definition.DefinitionHelpers;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The guard rails of PLATFORM.md ("Namespaces and guard rails") in the definition, namespace by namespace.</summary>
public sealed class GuardRailDefinitionTests
{
    public static TheoryData<string> WorkloadNamespaces => [.. NamespaceDefinition.WorkloadNamespaces];

    [Theory]
    [MemberData(nameof(WorkloadNamespaces))]
    public void Every_workload_namespace_is_restricted_in_all_three_pod_security_modes(string ns)
    {
        var labels = Local.Get<KubernetesNamespace>(ns).Labels;
        foreach (var mode in new[] { "enforce", "audit", "warn" })
        {
            Assert.Equal("restricted", labels[$"pod-security.kubernetes.io/{mode}"]);
            Assert.Equal("latest", labels[$"pod-security.kubernetes.io/{mode}-version"]);
        }
    }

    [Theory]
    [MemberData(nameof(WorkloadNamespaces))]
    public void Every_workload_namespace_denies_by_default_and_allows_dns(string ns)
    {
        var deny = Local.Get<KubernetesNetworkPolicy>($"{ns}/default-deny-all");
        Assert.Empty(deny.PodSelector);
        Assert.Equal(["Ingress", "Egress"], deny.PolicyTypes);
        Assert.Empty(deny.Ingress);
        Assert.Empty(deny.Egress);
        Assert.Equal([new ResourceId(nameof(KubernetesNamespace), ns)], deny.DependsOn);

        var dns = Local.Get<KubernetesNetworkPolicy>($"{ns}/allow-dns");
        Assert.Equal(["Egress"], dns.PolicyTypes);
        var rule = Assert.Single(dns.Egress);
        var peer = Assert.Single(rule.Peers);
        Assert.Equal("kube-system", peer.NamespaceSelector!["kubernetes.io/metadata.name"]);
        Assert.Equal("kube-dns", peer.PodSelector!["k8s-app"]);
        Assert.Equal([new NetworkPolicyPort(53, "UDP"), new NetworkPolicyPort(53, "TCP")], rule.Ports);
    }

    [Theory]
    [InlineData("jupyterhub")]
    [InlineData("odc")]
    [InlineData("odc-stac")]
    [InlineData("argo")]
    [InlineData("monitoring")]
    public void Database_clients_have_an_egress_and_a_matching_ingress_on_5432(string ns)
    {
        var egress = Local.Get<KubernetesNetworkPolicy>($"{ns}/allow-egress-to-database");
        Assert.Equal(["Egress"], egress.PolicyTypes);
        var rule = Assert.Single(egress.Egress);
        Assert.Equal("database", Assert.Single(rule.Peers).NamespaceSelector!["kubernetes.io/metadata.name"]);
        Assert.Equal([new NetworkPolicyPort(5432)], rule.Ports);

        var ingress = Local.Get<KubernetesNetworkPolicy>($"database/allow-ingress-from-{ns}");
        Assert.Equal(["Ingress"], ingress.PolicyTypes);
        Assert.Equal(ns, Assert.Single(Assert.Single(ingress.Ingress).Peers).NamespaceSelector!["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void Terria_may_reach_no_other_namespace_and_only_monitoring_may_reach_terria()
    {
        var policies = Local.Resources.OfType<KubernetesNetworkPolicy>().ToList();
        Assert.DoesNotContain(policies, p => p.Namespace == "terria" && p.Name.StartsWith("allow-egress", StringComparison.Ordinal));
        Assert.Equal(["allow-ingress-from-monitoring"], policies.Where(p => p.Namespace == "terria" && p.Name.StartsWith("allow-ingress", StringComparison.Ordinal)).Select(p => p.Name));
        Assert.Equal(NamespaceDefinition.WorkloadNamespaces.Count * 2 + WorkloadFlowsCount() * 2, policies.Count);
    }

    [Theory]
    [MemberData(nameof(WorkloadNamespaces))]
    public void Every_workload_namespace_has_limits_a_quota_and_a_read_only_developer_role(string ns)
    {
        var limits = Local.Get<KubernetesLimitRange>($"{ns}/default-limits");
        Assert.Equal(["cpu", "memory"], limits.DefaultRequests.Keys.Order());
        Assert.Equal(["cpu", "memory"], limits.DefaultLimits.Keys.Order());
        Assert.Equal(["cpu", "memory"], limits.Max.Keys.Order());
        var quota = Local.Get<KubernetesResourceQuota>($"{ns}/default-quota");
        Assert.Equal(["limits.cpu", "limits.memory", "pods", "requests.cpu", "requests.memory"], quota.Hard.Keys);

        var role = Local.Get<KubernetesRole>($"{ns}/{ns}-developer");
        Assert.All(role.Rules, r => Assert.Equal(["get", "list", "watch"], r.Verbs));
        Assert.DoesNotContain(role.Rules, r => r.Resources.Contains("secrets") || r.Resources.Contains("*"));
        Assert.Contains(role.Rules, r => r.ApiGroups.SequenceEqual([""]) && r.Resources.Contains("pods") && r.Resources.Contains("pods/log"));

        var binding = Local.Get<KubernetesRoleBinding>($"{ns}/{ns}-developer");
        Assert.Equal(role.Name, binding.RoleName);
        Assert.Equal([new KubernetesSubject("Group", $"piksel:{ns}-developers")], binding.Subjects);
        Assert.Contains(role.Id, binding.DependsOn);
    }

    [Fact]
    public void The_expectations_follow_the_flows_table()
    {
        var expectations = PikselPlatform.GuardRailExpectations(Fixtures.Load("local"));
        Assert.Equal(NamespaceDefinition.WorkloadNamespaces, expectations.Endpoints.Select(e => e.Namespace));
        var database = expectations.Endpoints.Single(e => e.Namespace == "database");
        Assert.True(expectations.Intends("jupyterhub", database));
        Assert.False(expectations.Intends("terria", database));
        Assert.True(expectations.Intends("terria", expectations.Dns));
        Assert.False(expectations.Intends("jupyterhub", expectations.Endpoints.Single(e => e.Namespace == "terria")));
        Assert.True(expectations.Intends("monitoring", expectations.Endpoints.Single(e => e.Namespace == "terria")));
        Assert.Equal(NamespaceDefinition.WorkloadNamespaces.Count * 5, expectations.Access.Count);
        Assert.Contains(expectations.Access, a => a is { Group: "piksel:odc-developers", Namespace: "odc", Verb: "get", Resource: "pods", Allowed: true });
        Assert.Contains(expectations.Access, a => a is { Group: "piksel:odc-developers", Namespace: "odc", Verb: "get", Resource: "secrets", Allowed: false });
    }

    private static int WorkloadFlowsCount() =>
        PikselPlatform.GuardRailExpectations(Fixtures.Load("local")).Flows.Select(f => (f.From, f.To)).Distinct().Count();
}
