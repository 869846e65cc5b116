using k8s;
using k8s.Models;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

/// <summary>
/// The guard-rail kinds (NetworkPolicy, LimitRange, ResourceQuota, Role, RoleBinding): each created, read back equal to
/// the spec (so a plan after apply is NoChange), drift seen and repaired, listed by environment, deleted.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class GuardRailHandlerTests(KubeFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Ns, string Environment, Dictionary<string, string> Labels)> NamespaceAsync()
    {
        var name = KubeFixture.Unique("guard");
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        var environment = KubeFixture.Unique("env");
        return (name, environment, new Dictionary<string, string> { [ManagementTags.ManagedByLabel] = ManagementTags.ManagedByValue, [ManagementTags.EnvironmentLabel] = environment });
    }

    private static async Task RoundTripAsync<T>(IResourceHandler<T> handler, T desired, string environment, Func<Task> drift)
        where T : KubernetesResource
    {
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.ApplyAsync(desired, null, Ct);
        var observed = await handler.ReadAsync(desired, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(observed!.State));

        await drift();
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.NotEqual(ResourceAttributes.Of(desired), ResourceAttributes.Of(drifted!.State));
        await handler.ApplyAsync(desired, drifted, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await handler.ReadAsync(desired, Ct))!.State));

        var listed = Assert.Single(await handler.ListManagedAsync(environment, Ct), o => o.State.Key == desired.Key);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(listed.State));

        await handler.DeleteAsync(drifted, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(drifted, Ct); // gone already: not an error
    }

    [Fact]
    public async Task A_network_policy_round_trips_and_a_widened_port_is_repaired()
    {
        var (ns, environment, labels) = await NamespaceAsync();
        var desired = new KubernetesNetworkPolicy
        {
            Name = "allow-dns",
            Namespace = ns,
            Cluster = KubeFixture.ClusterName,
            Labels = labels,
            PolicyTypes = ["Egress"],
            Egress = [new NetworkPolicyRule
            {
                Peers = [new NetworkPolicyPeer
                {
                    NamespaceSelector = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" },
                    PodSelector = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" },
                }, new NetworkPolicyPeer { IpBlock = "10.0.0.0/16" }],
                Ports = [new NetworkPolicyPort(53, "UDP"), new NetworkPolicyPort(53)],
            }],
        };
        await RoundTripAsync(new NetworkPolicyHandler(fixture.Context), desired, environment, () =>
            fixture.Client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(
                new V1Patch("""{"spec":{"egress":[{"ports":[{"port":1,"endPort":65535}]}]}}""", V1Patch.PatchType.MergePatch), "allow-dns", ns, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_default_deny_policy_round_trips_with_an_empty_selector_and_no_rules()
    {
        var (ns, environment, labels) = await NamespaceAsync();
        var desired = new KubernetesNetworkPolicy { Name = "default-deny-all", Namespace = ns, Cluster = KubeFixture.ClusterName, Labels = labels, PolicyTypes = ["Ingress", "Egress"] };
        await RoundTripAsync(new NetworkPolicyHandler(fixture.Context), desired, environment, () =>
            fixture.Client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(
                new V1Patch("""{"spec":{"ingress":[{}]}}""", V1Patch.PatchType.MergePatch), "default-deny-all", ns, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_limit_range_and_a_quota_round_trip_and_raised_limits_are_repaired()
    {
        var (ns, environment, labels) = await NamespaceAsync();
        var limits = new KubernetesLimitRange
        {
            Name = "default-limits",
            Namespace = ns,
            Cluster = KubeFixture.ClusterName,
            Labels = labels,
            DefaultRequests = new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "128Mi" },
            DefaultLimits = new Dictionary<string, string> { ["cpu"] = "500m", ["memory"] = "512Mi" },
            Max = new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "4Gi" },
        };
        await RoundTripAsync(new LimitRangeHandler(fixture.Context), limits, environment, () =>
            fixture.Client.CoreV1.PatchNamespacedLimitRangeAsync(
                new V1Patch("""{"spec":{"limits":[{"type":"Container","max":{"cpu":"64"}}]}}""", V1Patch.PatchType.MergePatch), "default-limits", ns, cancellationToken: Ct));

        var quota = new KubernetesResourceQuota
        {
            Name = "default-quota",
            Namespace = ns,
            Cluster = KubeFixture.ClusterName,
            Labels = labels,
            Hard = new Dictionary<string, string> { ["limits.cpu"] = "8", ["limits.memory"] = "16Gi", ["pods"] = "50", ["requests.cpu"] = "4", ["requests.memory"] = "8Gi" },
        };
        await RoundTripAsync(new ResourceQuotaHandler(fixture.Context), quota, environment, () =>
            fixture.Client.CoreV1.PatchNamespacedResourceQuotaAsync(
                new V1Patch("""{"spec":{"hard":{"pods":"500"}}}""", V1Patch.PatchType.MergePatch), "default-quota", ns, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_developer_role_and_its_binding_round_trip_and_a_granted_secret_read_is_repaired()
    {
        var (ns, environment, labels) = await NamespaceAsync();
        var role = new KubernetesRole
        {
            Name = $"{ns}-developer",
            Namespace = ns,
            Cluster = KubeFixture.ClusterName,
            Labels = labels,
            Rules = [new KubernetesPolicyRule([""], ["pods", "pods/log"], ["get", "list", "watch"]), new KubernetesPolicyRule(["apps"], ["deployments"], ["get", "list", "watch"])],
        };
        await RoundTripAsync(new RoleHandler(fixture.Context), role, environment, () =>
            fixture.Client.RbacAuthorizationV1.PatchNamespacedRoleAsync(
                new V1Patch("""{"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]}""", V1Patch.PatchType.MergePatch), role.Name, ns, cancellationToken: Ct));

        var binding = new KubernetesRoleBinding
        {
            Name = $"{ns}-developer",
            Namespace = ns,
            Cluster = KubeFixture.ClusterName,
            Labels = labels,
            RoleName = role.Name,
            Subjects = [new KubernetesSubject("Group", $"piksel:{ns}-developers"), new KubernetesSubject("ServiceAccount", "ci", ns)],
        };
        await RoundTripAsync(new RoleBindingHandler(fixture.Context), binding, environment, () =>
            fixture.Client.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(
                new V1Patch("""{"subjects":[{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"system:authenticated"}]}""", V1Patch.PatchType.MergePatch), binding.Name, ns, cancellationToken: Ct));
    }
}
