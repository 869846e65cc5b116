namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An EKS add-on of a cluster (<c>coredns</c>, <c>vpc-cni</c>…), named <c>&lt;cluster&gt;/&lt;addon&gt;</c>. Version,
/// role and configuration change in place (UpdateAddon). Output: <c>arn</c>.
/// </summary>
public sealed record EksAddon : AwsResource
{
    /// <summary>The cluster's name.</summary>
    [ForceNew]
    public required string ClusterName { get; init; }

    /// <summary>The add-on's name as EKS lists it (<c>aws-ebs-csi-driver</c>).</summary>
    [ForceNew]
    public required string AddonName { get; init; }

    /// <summary>
    /// The pinned version (<c>v1.12.4-eksbuild.1</c>), or null for EKS's default for the cluster's version (then not
    /// compared: whatever EKS installed is what was asked for). Default: null.
    /// </summary>
    public string? AddonVersion { get; init; }

    /// <summary>The IRSA role of the add-on's service account, or null. Default: null.</summary>
    public string? ServiceAccountRoleArn { get; init; }

    /// <summary>
    /// What EKS does with fields changed in the cluster: <c>OVERWRITE</c> resets them to the add-on's values.
    /// Sent with every create and update; EKS does not report it back. Default: <c>OVERWRITE</c>.
    /// </summary>
    public string ResolveConflicts { get; init; } = "OVERWRITE";

    /// <summary>The add-on's configuration values (a JSON document), or null for its defaults. Default: null.</summary>
    public string? ConfigurationValues { get; init; }
}
