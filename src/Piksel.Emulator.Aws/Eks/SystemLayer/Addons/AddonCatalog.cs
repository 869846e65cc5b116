namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>The add-ons the cluster knows how to install, by name.</summary>
public static class AddonCatalog
{
    private static readonly Dictionary<string, Func<AddonContext, IReadOnlyList<AddonObject>>> Builders = new(StringComparer.Ordinal)
    {
        [CoreDnsAddon.Name] = CoreDnsAddon.Build,
        [KubeProxyAddon.Name] = KubeProxyAddon.Build,
        [VpcCniAddon.Name] = VpcCniAddon.Build,
        [EbsCsiAddon.Name] = EbsCsiAddon.Build,
    };

    /// <summary>The names of the add-ons with in-cluster objects.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys;

    /// <summary>The objects <paramref name="addon"/> installs in <paramref name="cluster"/>, or null for an add-on the cluster does not know.</summary>
    public static IReadOnlyList<AddonObject>? Objects(ClusterSystemSpec cluster, AddonSpec addon) =>
        Builders.TryGetValue(addon.Name, out var build) ? build(AddonContext.Of(cluster, addon)) : null;
}
