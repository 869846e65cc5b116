using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

[Collection(ClusterCollection.Name)]
public sealed class ReplicaSetDeploymentTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IKubernetes K => fixture.Client;

    private Task SettleAsync() => fixture.Server.SettleAsync(cancellationToken: Ct);

    private static V1PodTemplateSpec Template(string app, string image = "nginx:1.27") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
    };

    private static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    [Fact]
    public async Task A_replica_set_creates_owned_pods_scales_down_and_records_events()
    {
        var ns = await fixture.NewNamespaceAsync("rs");
        await K.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "front" },
            Spec = new V1ReplicaSetSpec { Replicas = 3, Selector = Selector("front"), Template = Template("front") },
        }, ns, cancellationToken: Ct);
        await SettleAsync();
        var pods = (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(3, pods.Count);
        var rs = await K.AppsV1.ReadNamespacedReplicaSetAsync("front", ns, cancellationToken: Ct);
        foreach (var pod in pods)
        {
            Assert.Matches("^front-[bcdfghjklmnpqrstvwxz2456789]{5}$", pod.Metadata.Name);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal((rs.Metadata.Uid, "ReplicaSet", true, true), (owner.Uid, owner.Kind, owner.Controller, owner.BlockOwnerDeletion));
        }
        Assert.Equal((3, 3, 3, 3), (rs.Status.Replicas, rs.Status.FullyLabeledReplicas ?? 0, rs.Status.ReadyReplicas ?? 0, rs.Status.AvailableReplicas ?? 0));
        Assert.Equal(rs.Metadata.Generation, rs.Status.ObservedGeneration);

        rs.Spec.Replicas = 1;
        await K.AppsV1.ReplaceNamespacedReplicaSetAsync(rs, "front", ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.Single((await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items);
        var events = (await K.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Where(e => e.InvolvedObject.Name == "front").ToList();
        Assert.Equal(3, events.Count(e => e.Reason == "SuccessfulCreate" && e.Message.StartsWith("Created pod: front-", StringComparison.Ordinal)));
        Assert.Equal(2, events.Count(e => e.Reason == "SuccessfulDelete"));
        Assert.All(events, e => Assert.Equal(("replicaset-controller", "Normal", "ReplicaSet"), (e.Source.Component, e.Type, e.InvolvedObject.Kind)));
    }

    [Fact]
    public async Task A_replica_set_adopts_a_matching_orphan_pod()
    {
        var ns = await fixture.NewNamespaceAsync("adopt");
        await K.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "stray", Labels = new Dictionary<string, string> { ["app"] = "a" } }, Spec = Template("a").Spec }, ns, cancellationToken: Ct);
        await SettleAsync();
        await K.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "a" },
            Spec = new V1ReplicaSetSpec { Replicas = 2, Selector = Selector("a"), Template = Template("a") },
        }, ns, cancellationToken: Ct);
        await SettleAsync();
        var pods = (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(2, pods.Count);
        Assert.Equal("a", pods.Single(p => p.Metadata.Name == "stray").Metadata.OwnerReferences.Single().Name);
    }

    [Fact]
    public async Task A_deployment_of_two_replicas_has_a_hashed_replica_set_and_two_pods_and_rolls_to_a_new_revision()
    {
        var ns = await fixture.NewNamespaceAsync("roll");
        await K.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec { Replicas = 2, Selector = Selector("web"), Template = Template("web") },
        }, ns, cancellationToken: Ct);
        await SettleAsync();
        var first = Assert.Single((await K.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items);
        var hash = first.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"web-{hash}", first.Metadata.Name);
        Assert.Equal("1", first.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal(hash, first.Spec.Selector.MatchLabels["pod-template-hash"]);
        var pods = (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.StartsWith($"web-{hash}-", p.Metadata.Name, StringComparison.Ordinal));
        Assert.All(pods, p => Assert.Equal(hash, p.Metadata.Labels["pod-template-hash"]));

        var d = await K.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28";
        await K.AppsV1.ReplaceNamespacedDeploymentAsync(d, "web", ns, cancellationToken: Ct);
        await SettleAsync();
        var sets = (await K.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(2, sets.Count);
        var second = sets.Single(s => s.Metadata.Name != first.Metadata.Name);
        Assert.Equal("2", second.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal(2, second.Spec.Replicas);
        Assert.Equal(0, sets.Single(s => s.Metadata.Name == first.Metadata.Name).Spec.Replicas);
        pods = (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("nginx:1.28", p.Spec.Containers[0].Image));
        d = await K.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal((2, 2, 2), (d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.AvailableReplicas));
        Assert.Equal($"ReplicaSet \"{second.Metadata.Name}\" has successfully progressed.", d.Status.Conditions.Single(c => c.Type == "Progressing").Message);
        var scaling = (await K.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Where(e => e.Reason == "ScalingReplicaSet").Select(e => e.Message).ToList();
        Assert.Contains($"Scaled up replica set {first.Metadata.Name} from 0 to 2", scaling);
        // maxSurge 25% of 2 rounds up to 1 and maxUnavailable down to 0: one pod at a time, never below 2 available.
        Assert.Contains($"Scaled down replica set {first.Metadata.Name} from 2 to 1", scaling);
        Assert.Contains($"Scaled down replica set {first.Metadata.Name} from 1 to 0", scaling);
        Assert.Contains(scaling, m => m.StartsWith($"Scaled up replica set {second.Metadata.Name} from 0 to ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_a_deployment_removes_its_replica_sets_and_pods()
    {
        var ns = await fixture.NewNamespaceAsync("gcdeploy");
        await K.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec { Replicas = 2, Selector = Selector("web"), Template = Template("web") },
        }, ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.Equal(2, (await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.Count);
        await K.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.Empty((await K.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items);
        Assert.Empty((await K.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items);
    }
}
