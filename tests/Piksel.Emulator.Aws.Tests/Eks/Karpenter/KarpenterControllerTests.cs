using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Eks;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>
/// The simulated Karpenter in a cluster over an in-memory cloud: node classes and pools Ready, pending pods onto new
/// nodes of the right pool, limits and taints holding, empty nodes consolidated after consolidateAfter on the moved
/// clock, interrupted nodes drained and replaced.
/// </summary>
public sealed class KarpenterControllerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done) => ExternalSecretsTestKit.EventuallyAsync(read, done, Ct);

    private static bool IsReady(System.Text.Json.Nodes.JsonObject obj) =>
        (obj["status"]?["conditions"] as System.Text.Json.Nodes.JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    [Fact]
    public async Task Node_classes_and_pools_become_Ready_with_resolved_subnets()
    {
        await using var cluster = await KarpenterCluster.StartAsync();

        var nodeClass = await Eventually(() => cluster.GetAsync("karpenter.k8s.aws", "ec2nodeclasses", "gpu"), IsReady);
        Assert.Equal(2, nodeClass["status"]!["subnets"]!.AsArray().Count);
        // One AMI per AL2023 variant, each with the requirements that pick it, as Karpenter publishes them.
        var amis = nodeClass["status"]!["amis"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!["requirements"]!.ToJsonString());
        Assert.Equal(3, amis.Count);
        Assert.Equal("""[{"key":"kubernetes.io/arch","operator":"In","values":["amd64"]},{"key":"karpenter.k8s.aws/instance-gpu-count","operator":"Exists"}]""",
            amis["amazon-eks-node-al2023-x86_64-nvidia-1.33"]);
        Assert.Equal("""[{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]},{"key":"karpenter.k8s.aws/instance-gpu-count","operator":"DoesNotExist"},{"key":"karpenter.k8s.aws/instance-accelerator-count","operator":"DoesNotExist"}]""",
            amis["amazon-eks-node-al2023-arm64-standard-1.33"]);
        var pool = await Eventually(() => cluster.GetAsync("karpenter.sh", "nodepools", "gpu"), IsReady);
        Assert.Equal("0", pool["status"]!["resources"]!["nodes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Three_pods_of_two_cpus_get_a_default_node_and_run_then_the_empty_node_goes_after_consolidateAfter()
    {
        await using var cluster = await KarpenterCluster.StartAsync();
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "work" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 3,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "work" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "work" } },
                    Spec = new V1PodSpec
                    {
                        Containers = [new V1Container
                        {
                            Name = "main", Image = "busybox",
                            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("256Mi") } },
                        }],
                    },
                },
            },
        };
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default", cancellationToken: Ct);

        var pods = await Eventually(async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=work", cancellationToken: Ct)).Items,
            items => items.Count == 3 && items.All(p => p.Status?.Phase == "Running"));
        var nodes = await cluster.KarpenterNodesAsync();
        Assert.NotEmpty(nodes);
        Assert.All(pods, p => Assert.Contains(p.Spec.NodeName, nodes.Select(n => n.Metadata.Name)));
        foreach (var node in nodes)
        {
            var labels = node.Metadata.Labels;
            Assert.Equal("default", labels["karpenter.sh/nodepool"]);
            Assert.Contains(labels["karpenter.k8s.aws/instance-family"], new[] { "c5", "c6i", "m5", "m6i", "r5", "r6i", "t3" });
            Assert.StartsWith("aws:///ap-southeast-3", node.Spec.ProviderID, StringComparison.Ordinal);
            Assert.Equal(labels["topology.kubernetes.io/zone"], node.Spec.ProviderID.Split('/')[3]);
        }
        var running = cluster.Cloud.Running;
        Assert.Equal(nodes.Count, running.Count);
        Assert.All(running, r => Assert.Equal("ami-0123456789abcdef0", r.Request.ImageId));
        Assert.All(running, r =>
        {
            Assert.Equal("default", r.Request.Tags["karpenter.sh/nodepool"]);
            Assert.Equal("owned", r.Request.Tags["kubernetes.io/cluster/piksel"]);
            Assert.Equal("piksel", r.Request.Tags["karpenter.sh/discovery"]);
        });
        Assert.Contains(await cluster.EventsOfAsync(pods[0].Metadata.Name), e => e.Reason == "Nominated" && e.Message.StartsWith("Pod should schedule on: nodeclaim/default-", StringComparison.Ordinal));

        await cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "work", "default", cancellationToken: Ct);
        await Eventually(async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=work", cancellationToken: Ct)).Items, items => items.Count == 0);
        // Empty, but not for a minute yet: the nodes stay.
        Assert.Equal(nodes.Count, (await cluster.KarpenterNodesAsync()).Count);

        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        // The value shown on failure says what still holds the nodes.
        await Eventually(async () =>
        {
            var left = await cluster.KarpenterNodesAsync();
            var all = (await cluster.Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: Ct)).Items;
            return (left.Count, Pods: string.Join("; ", all.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}@{p.Spec.NodeName}:{p.Status?.Phase}:{p.Metadata.DeletionTimestamp}")));
        }, n => n.Count == 0);
        Assert.Empty(cluster.Cloud.Running);
        var claims = await cluster.Client.CustomObjects.ListClusterCustomObjectAsync<System.Text.Json.Nodes.JsonObject>("karpenter.sh", "v1", "nodeclaims", cancellationToken: Ct);
        Assert.Empty(claims["items"]!.AsArray());
    }

    [Fact]
    public async Task Gpu_pods_land_on_g5_only_with_the_toleration_and_four_gpus_stay_pending_saying_why()
    {
        await using var cluster = await KarpenterCluster.StartAsync();
        await cluster.CreatePodAsync(KarpenterObjects.Pod("notebook", gpus: 1, toleratesGpu: true));
        await cluster.CreatePodAsync(KarpenterObjects.Pod("intolerant", gpus: 1));
        await cluster.CreatePodAsync(KarpenterObjects.Pod("big", gpus: 4, toleratesGpu: true));

        var notebook = await Eventually(() => cluster.PodAsync("notebook"), p => p.Status?.Phase == "Running");
        var node = await cluster.Client.CoreV1.ReadNodeAsync(notebook.Spec.NodeName, cancellationToken: Ct);
        Assert.StartsWith("g5.", node.Metadata.Labels["node.kubernetes.io/instance-type"], StringComparison.Ordinal);
        Assert.Equal("1", node.Status.Allocatable["nvidia.com/gpu"].ToString());
        Assert.Contains(node.Spec.Taints, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        // The GPU node boots the nvidia image, and its claim says so.
        var instanceId = node.Spec.ProviderID.Split('/')[^1];
        Assert.Equal("ami-0fedcba9876543210", cluster.Cloud.Instances[instanceId].Request.ImageId);
        var claim = await cluster.GetAsync("karpenter.sh", "nodeclaims", node.Metadata.Annotations["karpenter.sh/nodeclaim"]);
        Assert.Equal("ami-0fedcba9876543210", claim["status"]!["imageID"]!.GetValue<string>());

        var big = await Eventually(() => cluster.EventsOfAsync("big"), events => events.Any(e => e.Source?.Component == "karpenter" || e.ReportingComponent == "karpenter"));
        Assert.Contains(big, e => e.Reason == "FailedScheduling" && e.Message.Contains("incompatible with nodepool \"gpu\"", StringComparison.Ordinal)
            && e.Message.Contains("no instance type satisfied resources", StringComparison.Ordinal));
        var intolerant = await Eventually(() => cluster.EventsOfAsync("intolerant"), events => events.Any(e => e.Message.Contains("did not tolerate", StringComparison.Ordinal)));
        Assert.Contains(intolerant, e => e.Message.Contains("did not tolerate nvidia.com/gpu=true:NoSchedule", StringComparison.Ordinal));
        Assert.Null((await cluster.PodAsync("intolerant")).Spec.NodeName);
        Assert.Null((await cluster.PodAsync("big")).Spec.NodeName);
    }

    [Fact]
    public async Task Pods_beyond_the_gpu_limit_stay_pending_with_the_limit_named()
    {
        await using var cluster = await KarpenterCluster.StartAsync(gpuLimit: 1);
        await cluster.CreatePodAsync(KarpenterObjects.Pod("first", gpus: 1, toleratesGpu: true));
        await Eventually(() => cluster.PodAsync("first"), p => p.Status?.Phase == "Running");

        await cluster.CreatePodAsync(KarpenterObjects.Pod("second", gpus: 1, toleratesGpu: true));

        var events = await Eventually(() => cluster.EventsOfAsync("second"), e => e.Any(x => x.Message.Contains("exceed limits", StringComparison.Ordinal)));
        Assert.Contains(events, e => e.Message.Contains("all available instance types exceed limits for nodepool: \"gpu\"", StringComparison.Ordinal));
        Assert.Null((await cluster.PodAsync("second")).Spec.NodeName);
    }

    [Fact]
    public async Task An_interruption_message_drains_the_node_and_a_replacement_comes_up()
    {
        await using var cluster = await KarpenterCluster.StartAsync();
        var owner = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "keep" },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "keep" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "keep" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3") } } }] },
                },
            },
        };
        await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(owner, "default", cancellationToken: Ct);
        var before = await Eventually(async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=keep", cancellationToken: Ct)).Items,
            items => items.Count == 1 && items[0].Status?.Phase == "Running");
        var oldNode = before[0].Spec.NodeName;
        var instanceId = (await cluster.Client.CoreV1.ReadNodeAsync(oldNode, cancellationToken: Ct)).Spec.ProviderID.Split('/')[^1];

        var handle = cluster.Cloud.Send(InterruptionEventTests.Envelope("aws.ec2", "EC2 Spot Instance Interruption Warning", $$"""{"instance-id":"{{instanceId}}","instance-action":"terminate"}"""));

        var after = await Eventually(async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=keep", cancellationToken: Ct)).Items,
            items => items.Count == 1 && items[0].Status?.Phase == "Running" && items[0].Spec.NodeName != oldNode);
        Assert.DoesNotContain(await cluster.KarpenterNodesAsync(), n => n.Metadata.Name == oldNode);
        Assert.True(cluster.Cloud.Instances[instanceId].Terminated);
        Assert.Contains(handle, cluster.Cloud.Deleted);
        Assert.NotEqual(oldNode, after[0].Spec.NodeName);
    }
}
