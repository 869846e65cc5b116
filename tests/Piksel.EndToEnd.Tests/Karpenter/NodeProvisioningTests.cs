using System.Text.Json.Nodes;
using k8s;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Sqs;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Karpenter;

/// <summary>
/// Karpenter on the applied platform, through the clients a user has (Kubernetes, EC2, SQS): the two pools and node
/// classes Ready; pods of the default pool on c/m/r/t instances Karpenter launched in the private subnets with the
/// node role's profile, gone after consolidateAfter once idle; GPU pods on g5 nodes up to the pool's 30 GPUs; an
/// interruption on the queue draining and replacing a node. Time passes by moving the provider's clock.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NodeProvisioningTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.NodeProvisioning)]
    public async Task Both_node_pools_and_node_classes_are_Ready()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        foreach (var (group, plural) in new[] { ("karpenter.sh", "nodepools"), ("karpenter.k8s.aws", "ec2nodeclasses") })
        {
            await KarpenterWorkloads.UntilAsync(async () =>
            {
                var items = (await kube.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(group, "v1", plural, cancellationToken: Ct))["items"]!.AsArray();
                var ready = items.Where(i => (i?["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True"))
                    .Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Order().ToList();
                return ready.SequenceEqual(["default", "gpu"]) ? null : $"{plural} Ready: [{string.Join(", ", ready)}] of {items.Count}";
            });
        }
    }

    [PlatformFact(ProviderCapabilities.NodeProvisioning | ProviderCapabilities.MovableClock)]
    public async Task Three_pods_of_two_cpus_get_default_nodes_in_private_subnets_and_scale_to_zero_after_consolidateAfter()
    {
        await using var work = await KarpenterWorkloads.StartAsync(fixture, "kp-default");
        await work.DeployAsync("work", 3, "2");

        await KarpenterWorkloads.UntilAsync(async () => (await work.PodsAsync("work")) is var pods && pods.Count == 3 && pods.All(p => p.Status?.Phase == "Running")
            ? null : $"pods: {string.Join(", ", pods.Select(p => $"{p.Metadata.Name}={p.Status?.Phase}@{p.Spec.NodeName}"))}");
        var nodes = await work.NodesAsync("default");
        Assert.NotEmpty(nodes);
        Assert.All(await work.PodsAsync("work"), p => Assert.Contains(p.Spec.NodeName, nodes.Select(n => n.Metadata.Name)));
        Assert.All(nodes, n => Assert.Contains(n.Metadata.Labels["karpenter.k8s.aws/instance-family"][..1], new[] { "c", "m", "r", "t" }));

        using var ec2 = await work.Ec2Async();
        var privateSubnets = fixture.Spec.OfKind<Platform.Spec.Aws.Ec2Subnet>().Where(s => s.Tags["SubnetType"] == "Private")
            .Select(s => fixture.Applied.ResourceOutputs[s.Id][Platform.Spec.Aws.Ec2Subnet.IdOutput]).ToList();
        var instances = await KarpenterWorkloads.InstancesAsync(ec2, "default");
        var byId = instances.ToDictionary(i => i.InstanceId);
        foreach (var node in nodes)
        {
            var instance = byId[node.Spec.ProviderID.Split('/')[^1]];
            var tags = instance.Tags.ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal(("default", "owned"), (tags["karpenter.sh/nodepool"], tags[$"kubernetes.io/cluster/{fixture.Names.Cluster}"]));
            Assert.Contains(instance.SubnetId, privateSubnets);
            Assert.EndsWith($":instance-profile/{fixture.Names.Role("node")}", instance.IamInstanceProfile.Arn, StringComparison.Ordinal);
        }

        await work.ScaleAsync("work", 0);
        await KarpenterWorkloads.UntilAsync(async () => (await work.PodsAsync("work")).Count is var n and > 0 ? $"{n} pods left" : null);
        // Idle, but not for the pool's consolidateAfter (1 min) yet: the nodes stay.
        Assert.Equal(nodes.Count, (await work.NodesAsync("default")).Count);
        await work.ConsolidateAsync(TimeSpan.FromMinutes(1), "default");
        Assert.Empty(await KarpenterWorkloads.InstancesAsync(ec2, "default"));
        var claims = await work.Kube.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("karpenter.sh", "v1", "nodeclaims", labelSelector: "karpenter.sh/nodepool=default", cancellationToken: Ct);
        Assert.Empty(claims["items"]!.AsArray());
    }

    [PlatformFact(ProviderCapabilities.NodeProvisioning)]
    public async Task Gpu_pods_get_g5_nodes_up_to_the_pools_30_gpus_and_pods_it_cannot_serve_wait_saying_why()
    {
        await using var work = await KarpenterWorkloads.StartAsync(fixture, "kp-gpu");
        await work.DeployAsync("notebooks", 31, "500m", gpus: 1, toleratesGpu: true);
        await work.PodAsync("big", "1", gpus: 4, toleratesGpu: true);
        await work.PodAsync("intolerant", "1", gpus: 1);

        await KarpenterWorkloads.UntilAsync(async () => (await work.PodsAsync("notebooks")) is var pods && pods.Count(p => p.Status?.Phase == "Running") == 30
            ? null : $"{pods.Count(p => p.Status?.Phase == "Running")} of 31 notebooks Running");
        var nodes = await work.NodesAsync("gpu");
        Assert.Equal(30, nodes.Count);
        Assert.All(nodes, n => Assert.StartsWith("g5.", n.Metadata.Labels["node.kubernetes.io/instance-type"], StringComparison.Ordinal));
        // Every GPU node booted the NVIDIA variant of the pinned AL2023 release, as EC2 describes its image.
        using var ec2 = await work.Ec2Async();
        var gpuInstances = await KarpenterWorkloads.InstancesAsync(ec2, "gpu");
        Assert.Equal(nodes.Select(n => n.Spec.ProviderID.Split('/')[^1]).Order(), gpuInstances.Select(i => i.InstanceId).Order());
        var imageIds = gpuInstances.Select(i => i.ImageId).Distinct().ToList();
        var images = (await ec2.DescribeImagesAsync(new Amazon.EC2.Model.DescribeImagesRequest { ImageIds = imageIds }, Ct)).Images;
        var image = Assert.Single(images);
        Assert.Equal(Assert.Single(imageIds), image.ImageId);
        Assert.StartsWith("amazon-eks-node-al2023-x86_64-nvidia-", image.Name, StringComparison.Ordinal);
        var waiting = Assert.Single(await work.PodsAsync("notebooks"), p => p.Status?.Phase != "Running");
        await KarpenterWorkloads.UntilAsync(async () => (await work.EventsOfAsync(waiting.Metadata.Name)) is var events
            && events.Any(e => e.Message.Contains("exceed limits for nodepool: \"gpu\"", StringComparison.Ordinal))
            ? null : $"no event of {waiting.Metadata.Name} names the gpu pool's limit: {string.Join(" | ", events.Select(e => $"{e.Source?.Component}{e.ReportingComponent} {e.Reason}: {e.Message}"))}");
        await KarpenterWorkloads.UntilAsync(async () => (await work.EventsOfAsync("big")).Any(e => e.Message.Contains("incompatible with nodepool \"gpu\"", StringComparison.Ordinal)
            && e.Message.Contains("no instance type satisfied resources", StringComparison.Ordinal)) ? null : "no event says no instance type of the gpu pool fits 4 GPUs");
        // The pod without the toleration never lands on a GPU node (nor on any: nothing else has GPUs).
        var intolerant = await work.Kube.CoreV1.ReadNamespacedPodAsync("intolerant", work.Namespace, cancellationToken: Ct);
        Assert.DoesNotContain(intolerant.Spec.NodeName, nodes.Select(n => n.Metadata.Name));
        Assert.Null(intolerant.Spec.NodeName);
    }

    [PlatformFact(ProviderCapabilities.NodeProvisioning)]
    public async Task A_spot_interruption_on_the_queue_drains_the_node_and_a_replacement_runs_its_pods()
    {
        await using var work = await KarpenterWorkloads.StartAsync(fixture, "kp-interrupt");
        await work.DeployAsync("keep", 1, "3");
        var oldNode = "";
        await KarpenterWorkloads.UntilAsync(async () =>
        {
            if ((await work.PodsAsync("keep")) is not [{ Status.Phase: "Running" } pod]) return "keep not Running";
            oldNode = pod.Spec.NodeName;
            return null;
        });
        var node = await work.Kube.CoreV1.ReadNodeAsync(oldNode, cancellationToken: Ct);
        var instanceId = node.Spec.ProviderID.Split('/')[^1];

        using var sqs = new SqsClient(await fixture.Provider.OptionsAsync(fixture.Settings.Account, Ct));
        var queueUrl = await sqs.GetQueueUrlAsync(fixture.Names.KarpenterQueue, Ct);
        // As EventBridge delivers it: the event's envelope, the warning in its detail.
        var envelope = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "EC2 Spot Instance Interruption Warning",
            ["source"] = "aws.ec2",
            ["account"] = fixture.Settings.Account,
            ["time"] = "2026-12-07T12:00:00Z",
            ["region"] = fixture.Settings.Region,
            ["resources"] = new JsonArray($"arn:aws:ec2:{fixture.Settings.Region}:{fixture.Settings.Account}:instance/{instanceId}"),
            ["detail"] = new JsonObject { ["instance-id"] = instanceId, ["instance-action"] = "terminate" },
        };
        await sqs.SendMessageAsync(queueUrl, envelope.ToJsonString(), cancellationToken: Ct);

        await KarpenterWorkloads.UntilAsync(async () => (await work.PodsAsync("keep")) is [{ Status.Phase: "Running" } pod] && pod.Spec.NodeName != oldNode
            ? null : "keep not Running on another node");
        await KarpenterWorkloads.UntilAsync(async () => (await work.Kube.CoreV1.ListNodeAsync(fieldSelector: $"metadata.name={oldNode}", cancellationToken: Ct)).Items.Count > 0
            ? $"node {oldNode} still there" : null);
        using var ec2 = await work.Ec2Async();
        Assert.DoesNotContain(await KarpenterWorkloads.InstancesAsync(ec2, "default"), i => i.InstanceId == instanceId);
    }
}
