using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// The EKS-optimized Amazon Linux 2023 AMIs the emulator knows, one pinned release for every Kubernetes version it
/// serves: x86_64 standard and nvidia, arm64 standard. SSM publishes their ids under AWS's public parameter paths
/// (<c>/aws/service/eks/optimized-ami/&lt;version&gt;/amazon-linux-2023/&lt;arch&gt;/&lt;variant&gt;/recommended/image_id</c> and the
/// release-named path Karpenter's pinned alias reads), and EC2 describes them as owned by AWS's EKS account. Ids are
/// derived from the image's name, so they are stable across runs (and, unlike AWS, the same in every region).
/// </summary>
public static class EksOptimizedAmis
{
    /// <summary>The pinned release (the <c>al2023@v20260403</c> alias, the one the platform's node classes pin).</summary>
    public const string Release = "v20260403";

    /// <summary>The account that owns EKS's AMIs.</summary>
    public const string OwnerId = "602401143452";

    /// <summary>The Kubernetes versions with images (those the emulator's EKS serves).</summary>
    public static IReadOnlyList<string> KubernetesVersions { get; } = AddonCatalogue.Minors;

    /// <summary>Every image: each version × (x86_64 standard, x86_64 nvidia, arm64 standard).</summary>
    public static IReadOnlyList<EksOptimizedAmi> All { get; } =
    [
        .. KubernetesVersions.SelectMany(v => new[] { Make(v, "x86_64", "standard"), Make(v, "x86_64", "nvidia"), Make(v, "arm64", "standard") }),
    ];

    /// <summary>The image of <paramref name="kubernetesVersion"/>, <paramref name="architecture"/> and <paramref name="variant"/>, or null.</summary>
    public static EksOptimizedAmi? Find(string kubernetesVersion, string architecture, string variant) =>
        All.FirstOrDefault(a => a.KubernetesVersion == kubernetesVersion && a.Architecture == architecture && a.Variant == variant);

    /// <summary>The image with id <paramref name="imageId"/>, or null.</summary>
    public static EksOptimizedAmi? ById(string imageId) => All.FirstOrDefault(a => a.ImageId == imageId);

    private static EksOptimizedAmi Make(string version, string architecture, string variant)
    {
        var name = $"amazon-eks-node-al2023-{architecture}-{variant}-{version}-{Release}";
        return new EksOptimizedAmi(version, architecture, variant, "ami-" + Hex(name, 17), "snap-" + Hex("snapshot/" + name, 17), name);
    }

    private static string Hex(string seed, int length) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];
}

/// <summary>One EKS-optimized AL2023 image.</summary>
/// <param name="KubernetesVersion">The minor version it runs (<c>1.33</c>).</param>
/// <param name="Architecture"><c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="Variant"><c>standard</c> or <c>nvidia</c> (NVIDIA drivers and the container toolkit).</param>
/// <param name="ImageId">Its AMI id.</param>
/// <param name="SnapshotId">The snapshot behind its root volume.</param>
/// <param name="Name">Its AMI name, <c>amazon-eks-node-al2023-&lt;arch&gt;-&lt;variant&gt;-&lt;version&gt;-v20260403</c>.</param>
public sealed record EksOptimizedAmi(string KubernetesVersion, string Architecture, string Variant, string ImageId, string SnapshotId, string Name)
{
    /// <summary>The parameter path above this image's <c>recommended</c> and release-named ids.</summary>
    public string ParameterPath => $"/aws/service/eks/optimized-ami/{KubernetesVersion}/amazon-linux-2023/{Architecture}/{Variant}";

    /// <summary>The public parameter holding the recommended image's id.</summary>
    public string RecommendedParameter => $"{ParameterPath}/recommended/image_id";

    /// <summary>The public parameter holding this release's id (what a pinned <c>al2023@v20260403</c> alias reads).</summary>
    public string ReleaseParameter => $"{ParameterPath}/{Name}/image_id";

    /// <summary>The AMI's description, as EKS words it.</summary>
    public string Description => $"EKS-optimized Kubernetes node based on Amazon Linux 2023, (k8s: {KubernetesVersion}, {Variant}, {EksOptimizedAmis.Release})";

    /// <summary>The root device every image boots from.</summary>
    public const string RootDeviceName = "/dev/xvda";
}
