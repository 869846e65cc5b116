namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// What EKS keeps inside a cluster beside the user's workloads, as the EKS API holds it now: the add-ons, the ACTIVE
/// Fargate profiles and the Pod Identity associations. The EKS API fills it; the cluster's system layer reconciles
/// the cluster towards it.
/// </summary>
public sealed record ClusterSystemSpec(
    string ClusterName,
    string ClusterArn,
    string AccountId,
    string Region,
    string KubernetesVersion,
    string ServiceIpv4Cidr,
    IReadOnlyList<AddonSpec> Addons,
    IReadOnlyList<FargateProfileSpec> FargateProfiles,
    IReadOnlyList<PodIdentityAssociationSpec> PodIdentityAssociations);
