using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using k8s;
using k8s.Models;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.EndToEnd.Tests.Karpenter;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Volumes;

/// <summary>
/// A claim of the platform's default StorageClass <c>gp3</c>, used by a pod, gets an EBS volume from the EBS CSI
/// controller (the add-on's IRSA role): gp3, encrypted with the platform key the class names, tagged as the driver
/// tags, in the node's zone, attached to the node's instance; deleting the claim deletes the volume. One test runs an
/// instance as the account and registers its node itself (providerID and zone label, as a kubelet would), which only
/// makes sense where the API server is the emulator's; the other leaves the node to Karpenter, which provisions for the
/// pod whose claim waits for its first consumer, and consolidates the node away once the pod and claim are gone.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EbsVolumeTests(PlatformFixture fixture)
{
    private const string Namespace = "default";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.EksApi | ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.InProcessEmulators)]
    public async Task A_10Gi_gp3_claim_gets_an_encrypted_volume_with_the_platform_key_that_goes_with_the_claim()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var storageClass = await kube.StorageV1.ReadStorageClassAsync("gp3", cancellationToken: Ct);
        Assert.Equal(("ebs.csi.aws.com", "WaitForFirstConsumer", "Delete"), (storageClass.Provisioner, storageClass.VolumeBindingMode, storageClass.ReclaimPolicy));
        var platformKey = storageClass.Parameters["kmsKeyId"];

        using var ec2 = await Ec2Async();
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["amazon"],
            Filters = [new Filter("name", ["amazon-eks-node-al2023-x86_64-standard-*"])],
        }, Ct)).Images.OrderByDescending(i => i.Name, StringComparer.Ordinal).First();
        var subnet = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("tag-key", ["kubernetes.io/role/internal-elb"])] }, Ct)).Subnets.First();
        var instance = Assert.Single((await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = image.ImageId,
            InstanceType = InstanceType.M5Large,
            SubnetId = subnet.SubnetId,
            MinCount = 1,
            MaxCount = 1,
        }, Ct)).Reservation.Instances);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var nodeName = $"ip-10-0-99-{suffix}.ec2.internal";
        var zone = instance.Placement.AvailabilityZone;
        try
        {
            await RegisterNodeAsync(kube, nodeName, $"aws:///{zone}/{instance.InstanceId}", zone);
            var claimName = "e2e-data-" + suffix;
            var podName = "e2e-ebs-" + suffix;
            await kube.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = claimName },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = "gp3",
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
                },
            }, Namespace, cancellationToken: Ct);
            await kube.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = podName },
                Spec = new V1PodSpec
                {
                    NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = nodeName },
                    Containers = [new V1Container { Name = "app", Image = "busybox:1.36", VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] }],
                    Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName } }],
                },
            }, Namespace, cancellationToken: Ct);

            var pod = await EventuallyAsync(() => kube.CoreV1.ReadNamespacedPodAsync(podName, Namespace, cancellationToken: Ct), p => p.Status?.Phase == "Running");
            var claim = await kube.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claimName, Namespace, cancellationToken: Ct);
            Assert.Equal(("Bound", nodeName), (claim.Status.Phase, pod.Spec.NodeName));
            var volume = Assert.Single((await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:CSIVolumeName", [claim.Spec.VolumeName])] }, Ct)).Volumes);
            Assert.Equal((10, "gp3", true, platformKey, zone), (volume.Size, volume.VolumeType.Value, volume.Encrypted, volume.KmsKeyId, volume.AvailabilityZone));
            Assert.Contains(volume.Tags, t => t.Key == "ebs.csi.aws.com/cluster" && t.Value == "true");
            Assert.Contains(volume.Tags, t => t.Key == "kubernetes.io/created-for/pvc/name" && t.Value == claimName);
            Assert.Equal(instance.InstanceId, Assert.Single(volume.Attachments).InstanceId);

            await kube.CoreV1.DeleteNamespacedPodAsync(podName, Namespace, gracePeriodSeconds: 0, cancellationToken: Ct);
            await kube.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claimName, Namespace, cancellationToken: Ct);
            await EventuallyAsync(async () => (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("volume-id", [volume.VolumeId])] }, Ct)).Volumes?.Count ?? 0, n => n == 0);
        }
        finally
        {
            await kube.CoreV1.DeleteNodeAsync(nodeName, cancellationToken: CancellationToken.None);
            await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance.InstanceId] }, CancellationToken.None);
        }
    }

    [PlatformFact(ProviderCapabilities.NodeProvisioning | ProviderCapabilities.MovableClock | ProviderCapabilities.EksApi)]
    public async Task A_pod_claiming_a_10Gi_gp3_volume_gets_a_Karpenter_node_and_the_volume_in_its_zone_attached_to_its_instance()
    {
        await using var work = await KarpenterWorkloads.StartAsync(fixture, "kp-ebs");
        var kube = work.Kube;
        var platformKey = (await kube.StorageV1.ReadStorageClassAsync("gp3", cancellationToken: Ct)).Parameters["kmsKeyId"];
        await kube.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = "gp3",
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
            },
        }, work.Namespace, cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "app" },
            Spec = new V1PodSpec
            {
                // More CPU than any node the cluster starts with has free: only a node Karpenter launches can take it.
                Containers = [new V1Container
                {
                    Name = "app", Image = "busybox:1.36",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3") } },
                    VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }],
                }],
                Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data" } }],
            },
        }, work.Namespace, cancellationToken: Ct);

        var pod = await EventuallyAsync(() => kube.CoreV1.ReadNamespacedPodAsync("app", work.Namespace, cancellationToken: Ct), p => p.Status?.Phase == "Running");
        var node = await kube.CoreV1.ReadNodeAsync(pod.Spec.NodeName, cancellationToken: Ct);
        Assert.Equal("default", node.Metadata.Labels["karpenter.sh/nodepool"]);
        var instanceId = node.Spec.ProviderID.Split('/')[^1];
        var zone = node.Metadata.Labels["topology.kubernetes.io/zone"];
        using var ec2 = await work.Ec2Async();
        Assert.Contains(await KarpenterWorkloads.InstancesAsync(ec2, "default"), i => i.InstanceId == instanceId && i.Placement.AvailabilityZone == zone);
        var claim = await kube.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", work.Namespace, cancellationToken: Ct);
        Assert.Equal(("Bound", node.Metadata.Name), (claim.Status.Phase, claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]));
        var volume = Assert.Single((await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:CSIVolumeName", [claim.Spec.VolumeName])] }, Ct)).Volumes);
        Assert.Equal((10, "gp3", true, platformKey, zone), (volume.Size, volume.VolumeType.Value, volume.Encrypted, volume.KmsKeyId, volume.AvailabilityZone));
        Assert.Equal(instanceId, Assert.Single(volume.Attachments).InstanceId);

        await kube.CoreV1.DeleteNamespacedPodAsync("app", work.Namespace, gracePeriodSeconds: 0, cancellationToken: Ct);
        await kube.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", work.Namespace, cancellationToken: Ct);
        await EventuallyAsync(async () => (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("volume-id", [volume.VolumeId])] }, Ct)).Volumes?.Count ?? 0, n => n == 0);
        // Empty now: once the clock passes the pool's consolidateAfter the node and its instance go.
        await work.ConsolidateAsync(TimeSpan.FromMinutes(1), "default");
        Assert.DoesNotContain(await KarpenterWorkloads.InstancesAsync(ec2, "default"), i => i.InstanceId == instanceId);
    }

    private async Task<AmazonEC2Client> Ec2Async()
    {
        var credentials = await fixture.Provider.Aws.GetCredentialsAsync(fixture.Settings.Account, Ct);
        var session = credentials.SessionToken is { } token
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey.Reveal(), token.Reveal())
            : (AWSCredentials)new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey.Reveal());
        return new AmazonEC2Client(session, new AmazonEC2Config { ServiceURL = fixture.Provider.Aws.ServiceUrlFor("ec2")!.ToString(), AuthenticationRegion = fixture.Settings.Region, MaxErrorRetry = 0 });
    }

    private static Task<V1Node> RegisterNodeAsync(IKubernetes kube, string name, string providerId, string zone)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("8Gi"), ["pods"] = new("29") };
        return kube.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux", ["topology.kubernetes.io/zone"] = zone },
            },
            Spec = new V1NodeSpec { ProviderID = providerId },
            Status = new V1NodeStatus
            {
                Allocatable = resources,
                Capacity = resources,
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.99.10" }],
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady" }],
            },
        }, cancellationToken: Ct);
    }

    /// <summary>Polls until <paramref name="done"/> holds, failing at the deadline.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            Assert.True(clock.Elapsed < Deadline, $"condition not met within {Deadline}: last value {value}");
            await Task.Delay(100, Ct);
        }
    }
}
