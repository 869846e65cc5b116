using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.ExternalSecretsTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks.Volumes;

/// <summary>
/// The emulated EBS CSI controller on a cluster from the EKS API: a gp3 claim used by a pod on an EC2-backed node gets an
/// encrypted volume with the class's key, the driver's tags and the node's zone, made with the add-on's IRSA role,
/// attached to the node's instance; the pod starts only once it is; the claim deleted deletes the volume.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class EbsCsiControllerTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_gp3_claim_gets_an_encrypted_volume_attached_to_the_pods_instance_and_deleted_with_the_claim()
    {
        using var lab = await EbsCsiCluster.StartAsync(fixture, "ebs");
        var kube = lab.Kube;
        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        await lab.ClaimAndPodAsync("apps", "data", "app", "10Gi", EbsCsiCluster.NodeName);

        // The scheduler places the pod and names the node on the claim; the driver provisions; the PV controller binds.
        var claim = await EventuallyAsync(() => kube.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "apps", cancellationToken: Ct), c => c.Status?.Phase == "Bound", Ct);
        Assert.Equal(EbsCsiCluster.NodeName, claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        Assert.Equal("ebs.csi.aws.com", claim.Metadata.Annotations["volume.kubernetes.io/storage-provisioner"]);
        var pvName = $"pvc-{claim.Metadata.Uid}";
        Assert.Equal(pvName, claim.Spec.VolumeName);
        Assert.Equal("10Gi", claim.Status.Capacity["storage"].ToString());
        var pv = await kube.CoreV1.ReadPersistentVolumeAsync(pvName, cancellationToken: Ct);
        Assert.Equal(("ebs.csi.aws.com", "ext4", "Delete", "gp3", "Bound"), (pv.Spec.Csi.Driver, pv.Spec.Csi.FsType, pv.Spec.PersistentVolumeReclaimPolicy, pv.Spec.StorageClassName, pv.Status.Phase));
        Assert.Equal("ebs.csi.aws.com", pv.Metadata.Annotations["pv.kubernetes.io/provisioned-by"]);
        var term = Assert.Single(Assert.Single(pv.Spec.NodeAffinity.Required.NodeSelectorTerms).MatchExpressions);
        Assert.Equal(("topology.kubernetes.io/zone", "In", lab.Zone), (term.Key, term.OperatorProperty, Assert.Single(term.Values)));

        var volume = await lab.VolumeAsync(pvName);
        Assert.NotNull(volume);
        Assert.Equal(pv.Spec.Csi.VolumeHandle, volume.VolumeId);
        Assert.Equal((10, "gp3", true, lab.KeyArn, lab.Zone), (volume.Size, volume.VolumeType.Value, volume.Encrypted, volume.KmsKeyId, volume.AvailabilityZone));
        var tags = volume.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("true", tags["ebs.csi.aws.com/cluster"]);
        Assert.Equal(pvName, tags["CSIVolumeName"]);
        Assert.Equal(("data", "apps", pvName, "data"), (tags["kubernetes.io/created-for/pvc/name"], tags["kubernetes.io/created-for/pvc/namespace"], tags["kubernetes.io/created-for/pv/name"], tags["team"]));
        var events = (await kube.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: Ct)).Items;
        Assert.Contains(events, e => e.Reason == "ProvisioningSucceeded" && e.Message == $"Successfully provisioned volume {pvName}");
        Assert.Contains(events, e => e.Reason == "Provisioning" && e.Message == "External provisioner is provisioning volume for claim \"apps/data\"");

        // The attach/detach controller asks; the driver attaches to the node's instance; then the kubelet starts the pod.
        var pod = await EventuallyAsync(() => kube.CoreV1.ReadNamespacedPodAsync("app", "apps", cancellationToken: Ct), p => p.Status?.Phase == "Running", Ct);
        Assert.Equal(EbsCsiCluster.NodeName, pod.Spec.NodeName);
        var attachment = Assert.Single((await kube.StorageV1.ListVolumeAttachmentAsync(cancellationToken: Ct)).Items, a => a.Spec.Source.PersistentVolumeName == pvName);
        Assert.StartsWith("csi-", attachment.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal((true, EbsCsiCluster.NodeName, "/dev/xvdaa"), (attachment.Status.Attached, attachment.Spec.NodeName, attachment.Status.AttachmentMetadata["devicePath"]));
        volume = await lab.VolumeAsync(pvName);
        var ec2Attachment = Assert.Single(volume!.Attachments);
        Assert.Equal((lab.InstanceId, "/dev/xvdaa", VolumeAttachmentState.Attached), (ec2Attachment.InstanceId, ec2Attachment.Device, ec2Attachment.State));
        Assert.Contains((await kube.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: Ct)).Items,
            e => e.Reason == "SuccessfulAttachVolume" && e.InvolvedObject.Name == "app");

        // The pod deleted: detached and the attachment removed; the claim deleted: the volume and the PV go.
        await kube.CoreV1.DeleteNamespacedPodAsync("app", "apps", gracePeriodSeconds: 0, cancellationToken: Ct);
        await EventuallyAsync(async () => (await kube.StorageV1.ListVolumeAttachmentAsync(cancellationToken: Ct)).Items.Count, n => n == 0, Ct);
        Assert.Equal(VolumeState.Available, (await lab.VolumeAsync(pvName))!.State);
        await kube.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", "apps", cancellationToken: Ct);
        await EventuallyAsync(() => lab.VolumeAsync(pvName), v => v is null, Ct);
        await EventuallyAsync(async () => (await kube.CoreV1.ListPersistentVolumeAsync(cancellationToken: Ct)).Items.Any(v => v.Metadata.Name == pvName), any => !any, Ct);
    }

    [Fact]
    public async Task A_node_without_an_instance_cannot_attach_and_its_pod_waits_in_ContainerCreating()
    {
        using var lab = await EbsCsiCluster.StartAsync(fixture, "ebs-noinst");
        var kube = lab.Kube;
        await EbsCsiCluster.RegisterNodeAsync(kube, "fargate-ip-10-0-2-20.ec2.internal", null, lab.Zone);
        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        await lab.ClaimAndPodAsync("apps", "data", "app", "1Gi", "fargate-ip-10-0-2-20.ec2.internal");

        var failed = await EventuallyAsync(async () => (await kube.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: Ct)).Items.FirstOrDefault(e => e.Reason == "FailedAttachVolume"),
            e => e is not null, Ct);
        Assert.Equal(("Warning", "app"), (failed!.Type, failed.InvolvedObject.Name));
        Assert.Contains("CSINode fargate-ip-10-0-2-20.ec2.internal does not contain driver ebs.csi.aws.com", failed.Message, StringComparison.Ordinal);
        var pod = await kube.CoreV1.ReadNamespacedPodAsync("app", "apps", cancellationToken: Ct);
        Assert.Equal(("Pending", "ContainerCreating"), (pod.Status.Phase, Assert.Single(pod.Status.ContainerStatuses).State.Waiting.Reason));
    }

    [Fact]
    public async Task The_drivers_role_cannot_create_a_volume_without_the_cluster_tag()
    {
        using var lab = await EbsCsiCluster.StartAsync(fixture, "ebs-deny");
        var token = (await lab.Kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["sts.amazonaws.com"], ExpirationSeconds = 3600 } },
            "ebs-csi-controller-sa", "kube-system", cancellationToken: Ct)).Status.Token;
        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), fixture.Config<AmazonSecurityTokenServiceConfig>(EksTestKit.Region));
        var session = (await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest { RoleArn = lab.RoleArn, RoleSessionName = "ebs-csi", WebIdentityToken = token }, Ct)).Credentials;
        using var ec2 = Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit.Client(fixture, new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken), EksTestKit.Region);

        var untagged = new CreateVolumeRequest { AvailabilityZone = lab.Zone, Size = 10, VolumeType = VolumeType.Gp3, Encrypted = true, KmsKeyId = lab.KeyArn };
        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateVolumeAsync(untagged, Ct));
        Assert.Equal(("UnauthorizedOperation", HttpStatusCode.Forbidden), (refused.ErrorCode, refused.StatusCode));
        Assert.Contains("Encoded authorization failure message: ", refused.Message, StringComparison.Ordinal);

        untagged.TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Volume, Tags = [new Amazon.EC2.Model.Tag("ebs.csi.aws.com/cluster", "true")] }];
        var made = (await ec2.CreateVolumeAsync(untagged, Ct)).Volume;
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = made.VolumeId }, Ct);
    }
}
