using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>The stateful set controller: ordinal pods in order, claims from templates, scale-down in reverse, partitioned rolling update.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StatefulSetTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IKubernetes K => fixture.Client;

    private static V1StatefulSet Set(string name, int replicas, string policy = "OrderedReady", string? schedulerName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { SchedulerName = schedulerName, Containers = [new V1Container { Name = "db", Image = "postgres:16" }] },
            },
            VolumeClaimTemplates =
            [
                new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = "data" },
                    Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], StorageClassName = "static-" + name, Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
                },
            ],
        },
    };

    private Task<V1PersistentVolume> CreateVolumeAsync(string name, string storageClass) =>
        K.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PersistentVolumeSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
                StorageClassName = storageClass,
                HostPath = new V1HostPathVolumeSource { Path = "/mnt/" + name },
            },
        }, cancellationToken: Ct);

    private async Task<List<string>> PodNamesAsync(string ns) =>
        [.. (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Ordinal_pods_with_their_claims_scale_down_in_reverse_and_roll_from_the_top_down_to_the_partition()
    {
        var ns = await fixture.NewNamespaceAsync("sts");
        // Pods wait for their claims to bind, as kube-scheduler makes them: volumes for the three claims, of a class no other test uses.
        foreach (var i in new[] { 0, 1, 2, 3 })
            await CreateVolumeAsync($"{ns}-db-{i}", "static-db");
        await K.AppsV1.CreateNamespacedStatefulSetAsync(Set("db", 3), ns, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        Assert.Equal(["db-0", "db-1", "db-2"], await PodNamesAsync(ns));
        var pod = await K.CoreV1.ReadNamespacedPodAsync("db-1", ns, cancellationToken: Ct);
        Assert.Equal(("db-1", "db", "data-db-1"), (pod.Spec.Hostname, pod.Spec.Subdomain, pod.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName));
        Assert.Equal(("db-1", "1"), (pod.Metadata.Labels["statefulset.kubernetes.io/pod-name"], pod.Metadata.Labels["apps.kubernetes.io/pod-index"]));
        var claims = (await K.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(["data-db-0", "data-db-1", "data-db-2"], claims.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(claims, c => Assert.Equal("db", c.Metadata.Labels["app"]));
        var set = await K.AppsV1.ReadNamespacedStatefulSetAsync("db", ns, cancellationToken: Ct);
        Assert.Equal((3, 3, 3, 3), (set.Status.Replicas, set.Status.ReadyReplicas, set.Status.CurrentReplicas, set.Status.UpdatedReplicas));
        Assert.Equal(set.Status.CurrentRevision, set.Status.UpdateRevision);
        Assert.Equal(set.Status.UpdateRevision, pod.Metadata.Labels[StatefulSetController.RevisionLabel]);
        var created = (await K.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Where(e => e.Reason == "SuccessfulCreate").Select(e => e.Message).ToList();
        Assert.Contains("create Pod db-0 in StatefulSet db successful", created);
        Assert.Contains("create Claim data-db-2 Pod db-2 in StatefulSet db success", created);

        set.Spec.Template.Spec.Containers[0].Image = "postgres:17";
        set.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 1 } };
        await K.AppsV1.ReplaceNamespacedStatefulSetAsync(set, "db", ns, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var images = (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.ToDictionary(p => p.Metadata.Name, p => p.Spec.Containers[0].Image);
        Assert.Equal(("postgres:16", "postgres:17", "postgres:17"), (images["db-0"], images["db-1"], images["db-2"]));
        set = await K.AppsV1.ReadNamespacedStatefulSetAsync("db", ns, cancellationToken: Ct);
        Assert.NotEqual(set.Status.CurrentRevision, set.Status.UpdateRevision);
        Assert.Equal((2, 1), (set.Status.UpdatedReplicas, set.Status.CurrentReplicas));

        set.Spec.UpdateStrategy.RollingUpdate.Partition = 0;
        set.Spec.Replicas = 1;
        await K.AppsV1.ReplaceNamespacedStatefulSetAsync(set, "db", ns, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        Assert.Equal(["db-0"], await PodNamesAsync(ns));
        Assert.Equal("postgres:17", (await K.CoreV1.ReadNamespacedPodAsync("db-0", ns, cancellationToken: Ct)).Spec.Containers[0].Image);
        set = await K.AppsV1.ReadNamespacedStatefulSetAsync("db", ns, cancellationToken: Ct);
        Assert.Equal(set.Status.CurrentRevision, set.Status.UpdateRevision);
        // Claims outlive the pods scaled away (the default retention policy), ready for a scale back up.
        Assert.Equal(3, (await K.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: Ct)).Items.Count);
        var deleted = (await K.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Where(e => e.Reason == "SuccessfulDelete").Select(e => e.Message).ToList();
        Assert.Contains("delete Pod db-2 in StatefulSet db successful", deleted);
    }

    [Fact]
    public async Task OrderedReady_waits_for_each_pod_to_be_ready_and_Parallel_does_not()
    {
        var ns = await fixture.NewNamespaceAsync("stsorder");
        // Pods for a scheduler that does not exist are never Running and Ready.
        await K.AppsV1.CreateNamespacedStatefulSetAsync(Set("ordered", 3, schedulerName: "nobody"), ns, cancellationToken: Ct);
        await K.AppsV1.CreateNamespacedStatefulSetAsync(Set("parallel", 3, "Parallel", schedulerName: "nobody"), ns, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        Assert.Equal(["ordered-0", "parallel-0", "parallel-1", "parallel-2"], await PodNamesAsync(ns));
    }
}
