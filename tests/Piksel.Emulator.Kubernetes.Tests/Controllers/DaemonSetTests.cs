using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>The daemon set controller on clusters of several nodes.</summary>
public sealed class DaemonSetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1DaemonSet DaemonSet(string name, string image = "public.ecr.aws/eks/kube-proxy:v1.33.5", Action<V1PodSpec>? shape = null)
    {
        var spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = image }] };
        shape?.Invoke(spec);
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = name } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["k8s-app"] = name } }, Spec = spec },
            },
        };
    }

    private static async Task<List<V1Pod>> PodsAsync(IKubernetes k, string ns, string app) =>
        [.. (await k.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "k8s-app=" + app, cancellationToken: Ct)).Items];

    private static async Task StartNodesAsync(OwnCluster cluster)
    {
        await cluster.AddNodeAsync("node-2", "10.0.0.12");
        await cluster.AddNodeAsync("tainted", "10.0.0.13", taints: [new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" }]);
        await cluster.AddNodeAsync("fargate-ip-10-0-5-5.ap-southeast-3.compute.internal", "10.0.5.5",
            labels: new Dictionary<string, string> { ["eks.amazonaws.com/compute-type"] = "fargate" },
            taints: [new V1Taint { Key = "eks.amazonaws.com/compute-type", Value = "fargate", Effect = "NoSchedule" }]);
    }

    [Fact]
    public async Task One_pod_runs_on_each_eligible_node_pinned_by_node_affinity()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("ds");
        await StartNodesAsync(cluster);
        await k.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("kube-proxy"), ns, cancellationToken: Ct);
        // Tolerating everything, as aws-node does, still keeps it off Fargate.
        await k.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("aws-node", shape: s => s.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }]), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var pods = await PodsAsync(k, ns, "kube-proxy");
        Assert.Equal(["node-2", SimulatedNode.Name], pods.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        foreach (var pod in pods)
        {
            Assert.Equal("Running", pod.Status.Phase);
            var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
            var field = Assert.Single(term.MatchFields);
            Assert.Equal(("metadata.name", "In", pod.Spec.NodeName), (field.Key, field.OperatorProperty, Assert.Single(field.Values)));
            Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/not-ready" && t.Effect == "NoExecute" && t.OperatorProperty == "Exists");
            Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unschedulable" && t.Effect == "NoSchedule");
            Assert.True(pod.Metadata.Labels.ContainsKey("controller-revision-hash"));
            Assert.Equal("DaemonSet", pod.Metadata.OwnerReferences.Single().Kind);
        }
        var ds = await k.AppsV1.ReadNamespacedDaemonSetAsync("kube-proxy", ns, cancellationToken: Ct);
        Assert.Equal(ds.Metadata.Generation, ds.Status.ObservedGeneration);
        // The API server's defaults, which kubectl rollout status needs.
        Assert.Equal(("RollingUpdate", "1", "0", 10), (ds.Spec.UpdateStrategy.Type, ds.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value,
            ds.Spec.UpdateStrategy.RollingUpdate.MaxSurge.Value, ds.Spec.RevisionHistoryLimit));
        Assert.Equal((2, 2, 2, 2, 2, 0), (ds.Status.DesiredNumberScheduled, ds.Status.CurrentNumberScheduled, ds.Status.NumberReady,
            ds.Status.NumberAvailable, ds.Status.UpdatedNumberScheduled, ds.Status.NumberMisscheduled));
        Assert.Equal(["node-2", SimulatedNode.Name, "tainted"], (await PodsAsync(k, ns, "aws-node")).Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        var created = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Where(e => e.InvolvedObject.Name == "kube-proxy" && e.Reason == "SuccessfulCreate").ToList();
        Assert.Equal(2, created.Count);
        Assert.All(created, e => Assert.Equal("daemonset-controller", e.Source.Component));
    }

    [Fact]
    public async Task Pods_leave_nodes_that_stop_being_eligible_and_come_to_new_ones()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("elig");
        await cluster.AddNodeAsync("node-2", "10.0.0.12", labels: new Dictionary<string, string> { ["role"] = "edge" });
        await k.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("edge", shape: s => s.NodeSelector = new Dictionary<string, string> { ["role"] = "edge" }), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal(["node-2"], (await PodsAsync(k, ns, "edge")).Select(p => p.Spec.NodeName));

        await cluster.AddNodeAsync("node-3", "10.0.0.13", labels: new Dictionary<string, string> { ["role"] = "edge" });
        var node2 = await k.CoreV1.ReadNodeAsync("node-2", cancellationToken: Ct);
        node2.Metadata.Labels.Remove("role");
        await k.CoreV1.ReplaceNodeAsync(node2, "node-2", cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal(["node-3"], (await PodsAsync(k, ns, "edge")).Select(p => p.Spec.NodeName));

        // A NoExecute taint the pods do not tolerate evicts them.
        var node3 = await k.CoreV1.ReadNodeAsync("node-3", cancellationToken: Ct);
        node3.Spec.Taints = [new V1Taint { Key = "maintenance", Effect = "NoExecute" }];
        await k.CoreV1.ReplaceNodeAsync(node3, "node-3", cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Empty(await PodsAsync(k, ns, "edge"));
        var ds = await k.AppsV1.ReadNamespacedDaemonSetAsync("edge", ns, cancellationToken: Ct);
        Assert.Equal((0, 0), (ds.Status.DesiredNumberScheduled, ds.Status.CurrentNumberScheduled));
    }

    [Fact]
    public async Task A_template_change_rolls_out_node_by_node()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("roll");
        await cluster.AddNodeAsync("node-2", "10.0.0.12");
        await cluster.AddNodeAsync("node-3", "10.0.0.13");
        await k.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent", "agent:1"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        var before = (await PodsAsync(k, ns, "agent")).Select(p => p.Metadata.Name).ToHashSet();
        Assert.Equal(3, before.Count);

        var ds = await k.AppsV1.ReadNamespacedDaemonSetAsync("agent", ns, cancellationToken: Ct);
        ds.Spec.Template.Spec.Containers[0].Image = "agent:2";
        await k.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "agent", ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var after = await PodsAsync(k, ns, "agent");
        Assert.Equal(3, after.Count);
        Assert.All(after, p => Assert.Equal("agent:2", p.Spec.Containers[0].Image));
        Assert.Empty(after.Select(p => p.Metadata.Name).Intersect(before));
        ds = await k.AppsV1.ReadNamespacedDaemonSetAsync("agent", ns, cancellationToken: Ct);
        Assert.Equal(ds.Metadata.Generation, ds.Status.ObservedGeneration);
        Assert.Equal((3, 3, 3), (ds.Status.DesiredNumberScheduled, ds.Status.UpdatedNumberScheduled, ds.Status.NumberAvailable));
        var deleted = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Count(e => e.Reason == "SuccessfulDelete");
        Assert.Equal(3, deleted);
    }
}
