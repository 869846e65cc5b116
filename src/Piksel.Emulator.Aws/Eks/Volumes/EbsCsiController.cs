using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Aws.Eks.Volumes;

/// <summary>
/// The EBS CSI driver's controller (the <c>aws-ebs-csi-driver</c> add-on's <c>ebs-csi-controller</c>), emulated beside
/// one cluster: its csi-provisioner (<see cref="EbsProvisioner"/>) and csi-attacher (<see cref="EbsAttacher"/>) write to
/// the cluster as <c>kube-system/ebs-csi-controller-sa</c>, through the add-on's RBAC, and reach EC2 over HTTP with that
/// account's IRSA role, so AmazonEBSCSIDriverPolicy decides what they may do. Nothing acts until the add-on has installed
/// its CSIDriver.
/// </summary>
public static class EbsCsiController
{
    /// <summary>The driver's name (the StorageClass provisioner and the VolumeAttachment attacher).</summary>
    public const string DriverName = "ebs.csi.aws.com";

    /// <summary>The controller's service account in kube-system.</summary>
    public const string ServiceAccount = "ebs-csi-controller-sa";

    /// <summary>The driver's own zone topology key (older volumes carry it; new ones the well-known zone label).</summary>
    public const string ZoneKey = "topology.ebs.csi.aws.com/zone";

    /// <summary>Who the controller writes as.</summary>
    public static UserInfo Identity { get; } = UserInfo.ServiceAccount("kube-system", ServiceAccount);

    /// <summary>Registers the provisioner and the attacher, calling EC2 at <paramref name="awsEndpoint"/>, on a cluster's builder.</summary>
    public static KubeApiServerBuilder AddTo(KubeApiServerBuilder builder, Uri awsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(awsEndpoint);
        return builder
            .AddController(Identity, c => new EbsProvisioner(c, awsEndpoint))
            .AddController(Identity, c => new EbsAttacher(c, awsEndpoint));
    }
}
