using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>
/// Karpenter provisions for pods that claim volumes: an unbound WaitForFirstConsumer claim leaves its pod unschedulable
/// only for want of a node, so a node is launched and the scheduler selects it for the claim; a claim bound to a volume
/// in one zone launches the node in that zone, and in none when the node class has no subnet there.
/// </summary>
public sealed class KarpenterVolumeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done) => ExternalSecretsTestKit.EventuallyAsync(read, done, Ct);

    [Fact]
    public async Task A_pod_with_an_unbound_WaitForFirstConsumer_claim_gets_a_node_that_the_claim_then_selects()
    {
        await using var cluster = await KarpenterCluster.StartAsync();
        await cluster.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "gp3" },
            Provisioner = "ebs.csi.aws.com",
            VolumeBindingMode = "WaitForFirstConsumer",
            ReclaimPolicy = "Delete",
        }, cancellationToken: Ct);
        await CreateClaimAsync(cluster, "data", storageClass: "gp3", volumeName: null);
        await cluster.CreatePodAsync(PodWithClaim("app", "data"));

        var claim = await Eventually(() => cluster.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default", cancellationToken: Ct),
            c => c.Metadata.Annotations is { } a && a.TryGetValue("volume.kubernetes.io/selected-node", out var n) && n.Length > 0);
        var nodes = await cluster.KarpenterNodesAsync();
        var node = Assert.Single(nodes, n => n.Metadata.Name == claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        Assert.Single(nodes);
        Assert.Equal("default", node.Metadata.Labels["karpenter.sh/nodepool"]);
    }

    [Theory]
    [InlineData("topology.kubernetes.io/zone")]
    [InlineData("topology.ebs.csi.aws.com/zone")]
    public async Task A_claim_bound_to_a_volume_in_one_zone_gets_its_node_in_that_zone(string zoneKey)
    {
        await using var cluster = await KarpenterCluster.StartAsync();
        // The second of the node class's two zones: the first launch would otherwise take the first subnet's.
        await CreateBoundVolumeAsync(cluster, "pv-b", "data", zoneKey, "ap-southeast-3b");
        await cluster.CreatePodAsync(PodWithClaim("app", "data"));

        var pod = await Eventually(() => cluster.PodAsync("app"), p => p.Spec.NodeName is not null);
        var node = await cluster.Client.CoreV1.ReadNodeAsync(pod.Spec.NodeName, cancellationToken: Ct);
        Assert.Equal("ap-southeast-3b", node.Metadata.Labels["topology.kubernetes.io/zone"]);
        Assert.Equal("subnet-0b2", Assert.Single(cluster.Cloud.Running).Request.SubnetId);
    }

    [Fact]
    public async Task A_claim_bound_to_a_volume_in_a_zone_the_node_class_lacks_gets_no_node_and_an_event_saying_why()
    {
        await using var cluster = await KarpenterCluster.StartAsync();
        await CreateBoundVolumeAsync(cluster, "pv-c", "data", "topology.kubernetes.io/zone", "ap-southeast-3c");
        await cluster.CreatePodAsync(PodWithClaim("app", "data"));

        var events = await Eventually(() => cluster.EventsOfAsync("app"), e => e.Any(x => x.Message.Contains("zone the pod's volumes allow", StringComparison.Ordinal)));
        Assert.Contains(events, e => e.Reason == "FailedScheduling" && e.Message.Contains("[ap-southeast-3c]", StringComparison.Ordinal));
        Assert.Empty(cluster.Cloud.Instances);
        Assert.Empty(await cluster.KarpenterNodesAsync());
        var claims = await cluster.Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("karpenter.sh", "v1", "nodeclaims", cancellationToken: Ct);
        Assert.Empty(claims["items"]!.AsArray());
    }

    private static async Task CreateBoundVolumeAsync(KarpenterCluster cluster, string volume, string claim, string zoneKey, string zone)
    {
        await cluster.Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = volume },
            Spec = new V1PersistentVolumeSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") },
                Csi = new V1CSIPersistentVolumeSource { Driver = "ebs.csi.aws.com", VolumeHandle = "vol-0123456789abcdef0" },
                ClaimRef = new V1ObjectReference { Name = claim, NamespaceProperty = "default" },
                StorageClassName = "",
                NodeAffinity = new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = zoneKey, OperatorProperty = "In", Values = [zone] }] }],
                    },
                },
            },
        }, cancellationToken: Ct);
        await CreateClaimAsync(cluster, claim, storageClass: "", volumeName: volume);
    }

    private static Task<V1PersistentVolumeClaim> CreateClaimAsync(KarpenterCluster cluster, string name, string storageClass, string? volumeName) =>
        cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = storageClass,
                VolumeName = volumeName,
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
            },
        }, "default", cancellationToken: Ct);

    private static JsonObject PodWithClaim(string name, string claim)
    {
        // More CPU than the simulated node has free: only a Karpenter node can take it.
        var pod = KarpenterObjects.Pod(name, cpu: "3");
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } });
        return pod;
    }
}
