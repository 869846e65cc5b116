using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.Crds;

/// <summary>
/// The CustomResourceDefinitions of the add-ons the platform installs into its clusters, written here after the
/// upstream APIs each file names: Karpenter's (NodePool, NodeClaim, EC2NodeClass) and Flux's (Kustomization,
/// GitRepository, HelmRepository, HelmRelease). Each call gives fresh copies, so callers may change them.
/// </summary>
public static class PlatformCrds
{
    private const string Prefix = "Piksel.Emulator.Aws.Eks.Crds.";

    /// <summary>Karpenter v1's CRDs as apiextensions.k8s.io/v1 manifests.</summary>
    public static IReadOnlyList<JsonObject> Karpenter => Load("karpenter.");

    /// <summary>Flux v2's CRDs as apiextensions.k8s.io/v1 manifests.</summary>
    public static IReadOnlyList<JsonObject> Flux => Load("flux.");

    /// <summary>Karpenter's then Flux's CRDs as JSON objects: what a cluster the platform does not assemble itself is given through its API.</summary>
    public static IReadOnlyList<JsonObject> All => [.. Karpenter, .. Flux];

    /// <summary>
    /// Every file's YAML as written (Karpenter's, then Flux's), read once per process: what a cluster installs at start
    /// (<c>KubeApiServerBuilder.AddCustomResourceDefinitions</c> takes YAML, so nothing is converted on the way).
    /// </summary>
    public static IReadOnlyList<string> Manifests { get; } = [.. Texts("karpenter."), .. Texts("flux.")];

    private static List<JsonObject> Load(string folder) => [.. Texts(folder).SelectMany(CrdYaml.Documents)];

    private static IEnumerable<string> Texts(string folder)
    {
        var assembly = typeof(PlatformCrds).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix + folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }
}
