namespace Piksel.Platform.Definition;

/// <summary>
/// The EKS add-on versions the platform pins, per Kubernetes minor version: the one table to change when a cluster is
/// upgraded. 1.33: the AWS user guide's versions of later 2025 (CoreDNS as eksctl's 1.33 image), VPC CNI and EBS CSI
/// as of mid-2025; 1.34: what the real staging account runs (terraform-iac).
/// </summary>
public static class AddonVersions
{
    /// <summary>CoreDNS.</summary>
    public const string CoreDns = "coredns";

    /// <summary>kube-proxy.</summary>
    public const string KubeProxy = "kube-proxy";

    /// <summary>The Amazon VPC CNI plugin.</summary>
    public const string VpcCni = "vpc-cni";

    /// <summary>The EBS CSI driver.</summary>
    public const string EbsCsi = "aws-ebs-csi-driver";

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> ByKubernetesVersion = new(StringComparer.Ordinal)
    {
        ["1.33"] = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CoreDns] = "v1.12.4-eksbuild.1",
            [KubeProxy] = "v1.33.5-eksbuild.2",
            [VpcCni] = "v1.20.1-eksbuild.3",
            [EbsCsi] = "v1.44.0-eksbuild.1",
        },
        ["1.34"] = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CoreDns] = "v1.13.2-eksbuild.4",
            [KubeProxy] = "v1.34.6-eksbuild.2",
            [VpcCni] = "v1.21.1-eksbuild.7",
            [EbsCsi] = "v1.57.1-eksbuild.1",
        },
    };

    /// <summary>The Kubernetes versions the table has versions for.</summary>
    public static IReadOnlyCollection<string> KubernetesVersions => ByKubernetesVersion.Keys;

    /// <summary>
    /// The pinned version of <paramref name="addon"/> for a cluster of <paramref name="kubernetesVersion"/>, or null for
    /// a version the table does not pin (EKS then installs its default for the cluster's minor version).
    /// </summary>
    public static string? For(string kubernetesVersion, string addon) =>
        ByKubernetesVersion.TryGetValue(kubernetesVersion, out var versions) && versions.TryGetValue(addon, out var version) ? version : null;
}
