using k8s;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers.Volumes;

/// <summary>
/// The scheduler's volume binding and the PV controller, with no driver behind them: the test plays the external
/// provisioner or the CSI attacher where one is needed.
/// </summary>
public sealed class VolumeBindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1Pod PodWithClaim(string name, string claim, Dictionary<string, string>? nodeSelector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            NodeSelector = nodeSelector,
            Containers = [new V1Container { Name = "app", Image = "nginx:1.27", VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] }],
            Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }],
        },
    };

    private static V1PersistentVolumeClaim Claim(string name, string? storageClass, string size = "1Gi") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    private static V1PersistentVolume Volume(string name, string size, string storageClass, string? zone = null, V1ObjectReference? claimRef = null, V1CSIPersistentVolumeSource? csi = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            StorageClassName = storageClass,
            PersistentVolumeReclaimPolicy = "Retain",
            ClaimRef = claimRef,
            Csi = csi,
            HostPath = csi is null ? new V1HostPathVolumeSource { Path = "/mnt/" + name } : null,
            NodeAffinity = zone is null ? null : new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "topology.kubernetes.io/zone", OperatorProperty = "In", Values = [zone] }] }],
                },
            },
        },
    };

    private static Task<V1Pod> ReadPodAsync(IKubernetes k, string name, string ns) => k.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: Ct);

    private static Task<V1PersistentVolumeClaim> ReadClaimAsync(IKubernetes k, string name, string ns) => k.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, ns, cancellationToken: Ct);

    private static V1PodCondition Scheduled(V1Pod pod) => pod.Status.Conditions.Single(c => c.Type == "PodScheduled");

    [Fact]
    public async Task A_pod_whose_claim_is_missing_waits_with_the_real_message_and_is_placed_once_the_claim_binds()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("missing");
        await k.CoreV1.CreateNamespacedPodAsync(PodWithClaim("app", "data"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var pod = await ReadPodAsync(k, "app", ns);
        const string Message = "0/1 nodes are available: persistentvolumeclaim \"data\" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
        Assert.Equal(("Pending", "Unschedulable", Message), (pod.Status.Phase, Scheduled(pod).Reason, Scheduled(pod).Message));

        // A claim with no class binds to the smallest Available volume that fits; then the pod is placed and runs.
        await k.CoreV1.CreatePersistentVolumeAsync(Volume("big", "10Gi", ""), cancellationToken: Ct);
        await k.CoreV1.CreatePersistentVolumeAsync(Volume("small", "2Gi", ""), cancellationToken: Ct);
        await k.CoreV1.CreatePersistentVolumeAsync(Volume("tiny", "512Mi", ""), cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", ""), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var claim = await ReadClaimAsync(k, "data", ns);
        Assert.Equal(("Bound", "small", "2Gi"), (claim.Status.Phase, claim.Spec.VolumeName, claim.Status.Capacity["storage"].ToString()));
        var small = await k.CoreV1.ReadPersistentVolumeAsync("small", cancellationToken: Ct);
        Assert.Equal(("Bound", "data", ns, claim.Metadata.Uid), (small.Status.Phase, small.Spec.ClaimRef.Name, small.Spec.ClaimRef.NamespaceProperty, small.Spec.ClaimRef.Uid));
        Assert.Equal("Available", (await k.CoreV1.ReadPersistentVolumeAsync("big", cancellationToken: Ct)).Status.Phase);
        Assert.Equal("Running", (await ReadPodAsync(k, "app", ns)).Status.Phase);

        // The claim deleted: the volume is Released and, reclaim policy Retain, kept.
        await k.CoreV1.DeleteNamespacedPodAsync("app", ns, gracePeriodSeconds: 0, cancellationToken: Ct);
        await k.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("Released", (await k.CoreV1.ReadPersistentVolumeAsync("small", cancellationToken: Ct)).Status.Phase);
    }

    [Fact]
    public async Task A_bound_volumes_zone_restricts_the_nodes_a_pod_may_use()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("zones");
        await cluster.AddNodeAsync("in-a", "10.0.0.40", labels: new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-a" });
        await cluster.AddNodeAsync("in-b", "10.0.0.41", labels: new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-b" });
        await k.CoreV1.CreatePersistentVolumeAsync(Volume("in-zone-a", "1Gi", "", "zone-a"), cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", ""), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        await k.CoreV1.CreateNamespacedPodAsync(PodWithClaim("app", "data"), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(PodWithClaim("wrong", "data", new() { ["topology.kubernetes.io/zone"] = "zone-b" }), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        Assert.Equal("in-a", (await ReadPodAsync(k, "app", ns)).Spec.NodeName);
        var wrong = await ReadPodAsync(k, "wrong", ns);
        Assert.Null(wrong.Spec.NodeName);
        Assert.Equal(
            "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
            Scheduled(wrong).Message);
    }

    [Fact]
    public async Task A_WaitForFirstConsumer_claim_gets_the_chosen_node_and_binds_to_what_its_provisioner_makes()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("wffc");
        await k.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "late" },
            Provisioner = "example.com/disk",
            VolumeBindingMode = "WaitForFirstConsumer",
            ReclaimPolicy = "Delete",
        }, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", "late"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        // No consumer yet: the claim waits, and says so.
        var claim = await ReadClaimAsync(k, "data", ns);
        Assert.Equal("Pending", claim.Status.Phase);
        Assert.DoesNotContain("volume.kubernetes.io/selected-node", claim.Metadata.Annotations?.Keys ?? []);
        var events = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items;
        Assert.Contains(events, e => e.Reason == "WaitForFirstConsumer" && e.Message == "waiting for first consumer to be created before binding");

        // A pod using it is scheduled; the claim names its node and is left to the class's provisioner.
        await k.CoreV1.CreateNamespacedPodAsync(PodWithClaim("app", "data"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        var pod = await ReadPodAsync(k, "app", ns);
        Assert.Equal("piksel-node-1", pod.Spec.NodeName);
        claim = await ReadClaimAsync(k, "data", ns);
        Assert.Equal(("piksel-node-1", "example.com/disk"), (claim.Metadata.Annotations["volume.kubernetes.io/selected-node"], claim.Metadata.Annotations["volume.kubernetes.io/storage-provisioner"]));
        Assert.Contains((await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items, e => e.Reason == "ExternalProvisioning");
        // Its volume is not there: the kubelet holds the containers.
        Assert.Equal(("Pending", "ContainerCreating"), (pod.Status.Phase, Assert.Single(pod.Status.ContainerStatuses).State.Waiting.Reason));

        // The provisioner (this test) makes a volume for the claim: the PV controller binds both; the pod starts.
        var made = Volume("pvc-" + claim.Metadata.Uid, "1Gi", "late",
            claimRef: new V1ObjectReference { Kind = "PersistentVolumeClaim", ApiVersion = "v1", Name = "data", NamespaceProperty = ns, Uid = claim.Metadata.Uid });
        made.Metadata.Annotations = new Dictionary<string, string> { ["pv.kubernetes.io/provisioned-by"] = "example.com/disk" };
        made.Spec.PersistentVolumeReclaimPolicy = "Delete";
        await k.CoreV1.CreatePersistentVolumeAsync(made, cancellationToken: Ct);
        await cluster.SettleAsync();
        claim = await ReadClaimAsync(k, "data", ns);
        Assert.Equal(("Bound", made.Metadata.Name), (claim.Status.Phase, claim.Spec.VolumeName));
        Assert.Equal("Running", (await ReadPodAsync(k, "app", ns)).Status.Phase);

        // The claim deleted: Released, left to its provisioner to delete (reclaim Delete, provisioned).
        await k.CoreV1.DeleteNamespacedPodAsync("app", ns, gracePeriodSeconds: 0, cancellationToken: Ct);
        await k.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("Released", (await k.CoreV1.ReadPersistentVolumeAsync(made.Metadata.Name, cancellationToken: Ct)).Status.Phase);
    }

    [Fact]
    public async Task A_CSI_volume_is_asked_to_attach_and_the_pod_starts_only_once_it_is()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("attach");
        await k.CoreV1.CreatePersistentVolumeAsync(Volume("disk", "1Gi", "", csi: new V1CSIPersistentVolumeSource { Driver = "disk.example.com", VolumeHandle = "disk-1" }), cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", ""), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(PodWithClaim("app", "data"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        // Named as the kubelet's CSI attacher names it: csi- and SHA-256 of handle, driver and node.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("disk-1disk.example.compiksel-node-1"u8.ToArray()));
        var attachment = await k.StorageV1.ReadVolumeAttachmentAsync("csi-" + hash, cancellationToken: Ct);
        Assert.Equal(("disk.example.com", "piksel-node-1", "disk"), (attachment.Spec.Attacher, attachment.Spec.NodeName, attachment.Spec.Source.PersistentVolumeName));
        Assert.Equal("Pending", (await ReadPodAsync(k, "app", ns)).Status.Phase);

        // The driver's attacher (this test) reports it attached: the pod runs.
        attachment.Status = new V1VolumeAttachmentStatus { Attached = true };
        await k.StorageV1.ReplaceVolumeAttachmentStatusAsync(attachment, attachment.Metadata.Name, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("Running", (await ReadPodAsync(k, "app", ns)).Status.Phase);
        Assert.Contains((await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items, e => e.Reason == "SuccessfulAttachVolume" && e.Source.Component == "attachdetach-controller");

        // No pod needs it any more: the attachment is deleted.
        await k.CoreV1.DeleteNamespacedPodAsync("app", ns, gracePeriodSeconds: 0, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Empty((await k.StorageV1.ListVolumeAttachmentAsync(cancellationToken: Ct)).Items);
    }
}
