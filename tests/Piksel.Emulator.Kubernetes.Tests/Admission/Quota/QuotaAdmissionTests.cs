using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Admission.Quota;

/// <summary>LimitRanger, ResourceQuota and the QoS class through KubernetesClient against the shared server.</summary>
[Collection(ClusterCollection.Name)]
public sealed class QuotaAdmissionTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1Pod Pod(string name, Dictionary<string, ResourceQuantity>? requests = null, Dictionary<string, ResourceQuantity>? limits = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox", Resources = new V1ResourceRequirements { Requests = requests, Limits = limits } }] },
    };

    private static Dictionary<string, ResourceQuantity> Res(string cpu, string memory) => new() { ["cpu"] = new ResourceQuantity(cpu), ["memory"] = new ResourceQuantity(memory) };

    private async Task<string> NamespaceAsync(string prefix, string? hardPods = null, bool limitRange = true)
    {
        var ns = await fixture.NewNamespaceAsync(prefix);
        if (limitRange)
        {
            await fixture.Client.CoreV1.CreateNamespacedLimitRangeAsync(new V1LimitRange
            {
                Metadata = new V1ObjectMeta { Name = "defaults" },
                Spec = new V1LimitRangeSpec { Limits = [new V1LimitRangeItem { Type = "Container", DefaultProperty = Res("500m", "128Mi"), DefaultRequest = Res("100m", "64Mi"), Max = Res("1", "1Gi") }] },
            }, ns, cancellationToken: Ct);
        }
        if (hardPods is not null)
        {
            await fixture.Client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
            {
                Metadata = new V1ObjectMeta { Name = "compute" },
                Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["pods"] = new(hardPods), ["requests.cpu"] = new("1"), ["limits.memory"] = new("1Gi") } },
            }, ns, cancellationToken: Ct);
        }
        return ns;
    }

    [Fact]
    public async Task A_pod_without_resources_gets_the_limit_range_defaults_and_its_qos_class()
    {
        var ns = await NamespaceAsync("lr-defaults");
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns, cancellationToken: Ct);
        var resources = created.Spec.Containers[0].Resources;
        Assert.Equal("500m", resources.Limits["cpu"].ToString());
        Assert.Equal("64Mi", resources.Requests["memory"].ToString());
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app", created.Metadata.Annotations["kubernetes.io/limit-ranger"]);
        Assert.Equal("Burstable", created.Status.QosClass);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        // The kubelet's and scheduler's status writes keep the class.
        Assert.Equal("Burstable", (await fixture.Client.CoreV1.ReadNamespacedPodAsync("web", ns, cancellationToken: Ct)).Status.QosClass);
    }

    [Fact]
    public async Task Qos_class_is_set_on_create_without_guard_rail_objects()
    {
        var ns = await NamespaceAsync("qos", limitRange: false);
        var guaranteed = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("g", limits: Res("1", "1Gi")), ns, cancellationToken: Ct);
        Assert.Equal("Guaranteed", guaranteed.Status.QosClass);
        var bestEffort = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("b"), ns, cancellationToken: Ct);
        Assert.Equal("BestEffort", bestEffort.Status.QosClass);
    }

    [Fact]
    public async Task A_pod_over_the_limit_range_max_is_forbidden()
    {
        var ns = await NamespaceAsync("lr-max");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("big", limits: Res("2", "2Gi")), ns, cancellationToken: Ct));
        Assert.Equal(403, (int)e.Response.StatusCode);
        Assert.Contains("pods \\\"big\\\" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per Container is 1Gi, but limit is 2Gi]", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_limit_range_is_refused_with_422()
    {
        var ns = await fixture.NewNamespaceAsync("lr-invalid");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedLimitRangeAsync(new V1LimitRange
        {
            Metadata = new V1ObjectMeta { Name = "bad" },
            Spec = new V1LimitRangeSpec { Limits = [new V1LimitRangeItem { Type = "Container", Min = Res("2", "1Gi"), Max = Res("1", "1Gi") }] },
        }, ns, cancellationToken: Ct));
        Assert.Equal(422, (int)e.Response.StatusCode);
        Assert.Contains("min value 2 is greater than max value 1", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quota_charges_creates_refuses_the_excess_and_releases_on_delete()
    {
        var ns = await NamespaceAsync("quota", hardPods: "2");
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("a"), ns, cancellationToken: Ct);
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("b"), ns, cancellationToken: Ct);
        var quota = await fixture.Client.CoreV1.ReadNamespacedResourceQuotaAsync("compute", ns, cancellationToken: Ct);
        Assert.Equal("2", quota.Status.Used["pods"].ToString());
        Assert.Equal("200m", quota.Status.Used["requests.cpu"].ToString());
        Assert.Equal("256Mi", quota.Status.Used["limits.memory"].ToString());

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("c"), ns, cancellationToken: Ct));
        Assert.Equal(403, (int)e.Response.StatusCode);
        Assert.Contains("pods \\\"c\\\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2", e.Response.Content, StringComparison.Ordinal);

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync("a", ns, gracePeriodSeconds: 0, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        quota = await fixture.Client.CoreV1.ReadNamespacedResourceQuotaAsync("compute", ns, cancellationToken: Ct);
        Assert.Equal("1", quota.Status.Used["pods"].ToString());
        Assert.Equal("2", quota.Status.Hard["pods"].ToString());
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("c"), ns, cancellationToken: Ct);
    }

    [Fact]
    public async Task A_pod_that_names_no_tracked_resources_fails_the_quota()
    {
        var ns = await NamespaceAsync("quota-failed", hardPods: "5", limitRange: false);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("bare"), ns, cancellationToken: Ct));
        Assert.Equal(403, (int)e.Response.StatusCode);
        Assert.Contains("failed quota: compute: must specify limits.memory for: app; requests.cpu for: app", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Racing_creates_for_the_last_unit_do_not_both_fit()
    {
        var ns = await NamespaceAsync("quota-race", hardPods: "1");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod($"r{i}"), ns, cancellationToken: Ct);
                return true;
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode == 403)
            {
                return false;
            }
        }));
        Assert.Single(results, r => r);
        Assert.Single((await fixture.Client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task A_quota_with_a_bad_quantity_is_invalid_and_a_created_status_is_dropped()
    {
        var ns = await fixture.NewNamespaceAsync("quota-invalid");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "bad" },
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["pods"] = new("-1") } },
        }, ns, cancellationToken: Ct));
        Assert.Equal(422, (int)e.Response.StatusCode);
        Assert.Contains("spec.hard[pods]: Invalid value: \\\"-1\\\": must be greater than or equal to 0", e.Response.Content, StringComparison.Ordinal);

        // A creator cannot hand itself free usage: the status it sends is dropped and counted afresh.
        await fixture.Client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "one" },
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["configmaps"] = new("2") } },
            Status = new V1ResourceQuotaStatus { Used = new Dictionary<string, ResourceQuantity> { ["configmaps"] = new("-5") } },
        }, ns, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var quota = await fixture.Client.CoreV1.ReadNamespacedResourceQuotaAsync("one", ns, cancellationToken: Ct);
        Assert.Equal("1", quota.Status.Used["configmaps"].ToString()); // kube-root-ca.crt
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, ns, cancellationToken: Ct);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, ns, cancellationToken: Ct));
        Assert.Contains("configmaps \\\"b\\\" is forbidden: exceeded quota: one, requested: configmaps=1, used: configmaps=2, limited: configmaps=2", refused.Response.Content, StringComparison.Ordinal);
    }
}
