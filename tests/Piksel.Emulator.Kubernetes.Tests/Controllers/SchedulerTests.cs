using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>The scheduler's filters, scores and FailedScheduling messages, each on a cluster of its own.</summary>
public sealed class SchedulerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1Pod Pod(string name, Action<V1PodSpec>? shape = null, Dictionary<string, string>? requests = null)
    {
        var container = new V1Container { Name = "app", Image = "nginx:1.27" };
        if (requests is not null)
            container.Resources = new V1ResourceRequirements { Requests = requests.ToDictionary(r => r.Key, r => new ResourceQuantity(r.Value)) };
        var spec = new V1PodSpec { Containers = [container] };
        shape?.Invoke(spec);
        return new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = spec };
    }

    private static V1Affinity Required(params V1NodeSelectorTerm[] terms) =>
        new() { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } } };

    private static V1NodeSelectorTerm Expression(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values }] };

    private static async Task<V1Pod> ReadAsync(IKubernetes k, string name, string ns) => await k.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: Ct);

    private static V1PodCondition Scheduled(V1Pod pod) => pod.Status.Conditions.Single(c => c.Type == "PodScheduled");

    [Fact]
    public async Task A_pod_that_fits_nowhere_stays_Pending_with_the_real_FailedScheduling_message()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("big");
        await k.CoreV1.CreateNamespacedPodAsync(Pod("huge", requests: new() { ["cpu"] = "3", ["memory"] = "64Mi" }), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var pod = await ReadAsync(k, "huge", ns);
        const string Message = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Null(pod.Spec.NodeName);
        Assert.Equal(("False", "Unschedulable", Message), (Scheduled(pod).Status, Scheduled(pod).Reason, Scheduled(pod).Message));
        var failed = Assert.Single((await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items, e => e.Reason == "FailedScheduling");
        Assert.Equal(("Warning", Message, "default-scheduler", "Pod", "huge"), (failed.Type, failed.Message, failed.Source.Component, failed.InvolvedObject.Kind, failed.InvolvedObject.Name));

        // A node with room appears: the pod is retried and bound there.
        await cluster.AddNodeAsync("roomy", "10.0.0.20", allocatable: new() { ["cpu"] = "4" });
        await cluster.SettleAsync();
        pod = await ReadAsync(k, "huge", ns);
        Assert.Equal("roomy", pod.Spec.NodeName);
        Assert.Equal("True", Scheduled(pod).Status);
        Assert.Equal("Running", pod.Status.Phase);
        var scheduled = Assert.Single((await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items, e => e.Reason == "Scheduled");
        Assert.Equal(("Normal", $"Successfully assigned {ns}/huge to roomy"), (scheduled.Type, scheduled.Message));
    }

    [Fact]
    public async Task Reasons_are_counted_per_node_and_sorted_as_kube_scheduler_sorts_them()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("reasons");
        await cluster.AddNodeAsync("tainted", "10.0.0.21", labels: new Dictionary<string, string> { ["tier"] = "web" },
            taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }], allocatable: new() { ["cpu"] = "8" });
        await cluster.AddNodeAsync("small", "10.0.0.22", labels: new Dictionary<string, string> { ["tier"] = "web" });
        await k.CoreV1.CreateNamespacedPodAsync(Pod("web", s => s.NodeSelector = new Dictionary<string, string> { ["tier"] = "web" }, new() { ["cpu"] = "3" }), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var pod = await ReadAsync(k, "web", ns);
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            Scheduled(pod).Message);

        // Untainting the big node lets the pod go there.
        var tainted = await k.CoreV1.ReadNodeAsync("tainted", cancellationToken: Ct);
        tainted.Spec.Taints = null;
        await k.CoreV1.ReplaceNodeAsync(tainted, "tainted", cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("tainted", (await ReadAsync(k, "web", ns)).Spec.NodeName);
    }

    [Fact]
    public async Task Each_filter_places_or_holds_back_a_pod_as_kube_scheduler_does()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("filters");
        await cluster.AddNodeAsync("gpu-node", "10.0.0.30", labels: new Dictionary<string, string> { ["gpu"] = "true", ["cores"] = "8" },
            taints: [new V1Taint { Key = "nvidia.com/gpu", Value = "present", Effect = "NoSchedule" }],
            allocatable: new() { ["cpu"] = "8", ["nvidia.com/gpu"] = "1" });
        var tolerateGpu = new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" };
        var pods = new[]
        {
            Pod("gpu", s => s.Tolerations = [tolerateGpu], new() { ["nvidia.com/gpu"] = "1" }),
            Pod("gt", s => { s.Affinity = Required(Expression("cores", "Gt", "4")); s.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }]; }),
            Pod("lt", s => { s.Affinity = Required(Expression("cores", "Lt", "4")); s.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }]; }),
            Pod("no-gpu-label", s => s.Affinity = Required(Expression("gpu", "DoesNotExist"))),
            Pod("not-in", s => s.Affinity = Required(Expression("gpu", "NotIn", "true"), Expression("gpu", "In", "false"))),
            Pod("by-name", s =>
            {
                s.Affinity = Required(new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["gpu-node"] }] });
                s.Tolerations = [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Equal", Value = "present" }];
            }),
            Pod("wrong-value", s =>
            {
                s.NodeSelector = new Dictionary<string, string> { ["gpu"] = "true" };
                s.Tolerations = [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Equal", Value = "absent" }];
            }),
            Pod("port-a", s => s.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }]),
        };
        foreach (var pod in pods) await k.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        // Created once the first ones hold what they asked for.
        await k.CoreV1.CreateNamespacedPodAsync(Pod("second-gpu", s => s.Tolerations = [tolerateGpu], new() { ["nvidia.com/gpu"] = "1" }), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("port-b", s => s.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }]), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("port-udp", s => s.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080, Protocol = "UDP" }]), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        async Task<string?> NodeOf(string name) => (await ReadAsync(k, name, ns)).Spec.NodeName;
        async Task<string> WhyNot(string name) => Scheduled(await ReadAsync(k, name, ns)).Message;
        Assert.Equal("gpu-node", await NodeOf("gpu"));
        Assert.Equal("gpu-node", await NodeOf("gt"));
        Assert.Equal("gpu-node", await NodeOf("by-name"));
        Assert.Equal(SimulatedNode.Name, await NodeOf("no-gpu-label"));
        Assert.Equal(SimulatedNode.Name, await NodeOf("not-in"));
        Assert.Equal(SimulatedNode.Name, await NodeOf("port-a"));
        Assert.Equal(SimulatedNode.Name, await NodeOf("port-udp"));
        Assert.Null(await NodeOf("lt"));
        Assert.StartsWith("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", await WhyNot("lt"), StringComparison.Ordinal);
        Assert.Null(await NodeOf("wrong-value"));
        Assert.StartsWith("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {nvidia.com/gpu: present}.", await WhyNot("wrong-value"), StringComparison.Ordinal);
        Assert.Null(await NodeOf("second-gpu"));
        Assert.Equal("0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.", await WhyNot("second-gpu"));
        Assert.Null(await NodeOf("port-b"));
        Assert.StartsWith("0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) had untolerated taint {nvidia.com/gpu: present}.", await WhyNot("port-b"), StringComparison.Ordinal);

        // The first GPU pod goes away: its GPU is free again and the waiting pod takes it.
        await k.CoreV1.DeleteNamespacedPodAsync("gpu", ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("gpu-node", await NodeOf("second-gpu"));
    }

    [Fact]
    public async Task Cordoned_and_not_ready_nodes_take_no_pods_and_pod_count_is_a_limit()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("cordon");
        var node = await k.CoreV1.ReadNodeAsync(SimulatedNode.Name, cancellationToken: Ct);
        node.Spec.Unschedulable = true;
        await k.CoreV1.ReplaceNodeAsync(node, SimulatedNode.Name, cancellationToken: Ct);
        await cluster.AddNodeAsync("sick", "10.0.0.40", ready: false);
        await cluster.AddNodeAsync("tiny", "10.0.0.41", allocatable: new() { ["pods"] = "1" });
        await k.CoreV1.CreateNamespacedPodAsync(Pod("first"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        await k.CoreV1.CreateNamespacedPodAsync(Pod("second"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        Assert.Equal("tiny", (await ReadAsync(k, "first", ns)).Spec.NodeName);
        Assert.Equal(
            "0/3 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            Scheduled(await ReadAsync(k, "second", ns)).Message);
    }

    [Fact]
    public async Task Pods_for_another_scheduler_are_left_alone_and_least_allocated_nodes_are_preferred()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("prefer");
        await cluster.AddNodeAsync("empty-big", "10.0.0.50", allocatable: new() { ["cpu"] = "16", ["memory"] = "64Gi" });
        await k.CoreV1.CreateNamespacedPodAsync(Pod("fargate", s => s.SchedulerName = "fargate-scheduler"), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("default", s => s.SchedulerName = "default-scheduler", new() { ["cpu"] = "500m" }), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var fargate = await ReadAsync(k, "fargate", ns);
        Assert.Null(fargate.Spec.NodeName);
        Assert.Null(fargate.Status?.Conditions);
        Assert.DoesNotContain((await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items, e => e.InvolvedObject.Name == "fargate");
        Assert.Equal("empty-big", (await ReadAsync(k, "default", ns)).Spec.NodeName);
    }
}
