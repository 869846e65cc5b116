using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// The EKS add-ons this emulator offers, pinned: CoreDNS, kube-proxy, the VPC CNI and the EBS CSI driver, each with
/// the versions it serves for Kubernetes 1.29–1.33 and the default one per minor. CoreDNS's defaults are the user
/// guide's "latest per version" table (late 2025: v1.12.4-eksbuild.1 for 1.33, v1.11.4-eksbuild.24 for 1.29–1.32);
/// kube-proxy, VPC CNI and EBS CSI follow the same snapshot where published (the other minors' kube-proxy builds are inferred).
/// </summary>
internal static class AddonCatalogue
{
    /// <summary>The Kubernetes minors the catalogue covers.</summary>
    public static IReadOnlyList<string> Minors { get; } = ["1.29", "1.30", "1.31", "1.32", "1.33"];

    /// <summary>Every offered add-on, in the order DescribeAddonVersions lists them.</summary>
    public static IReadOnlyList<AddonOffer> All { get; } =
    [
        new("coredns", "networking",
        [
            new("v1.12.4-eksbuild.1", ["1.33"], ["1.33"]),
            new("v1.12.2-eksbuild.4", ["1.33"], []),
            new("v1.11.4-eksbuild.24", ["1.29", "1.30", "1.31", "1.32"], ["1.29", "1.30", "1.31", "1.32"]),
            new("v1.11.4-eksbuild.14", ["1.29", "1.30", "1.31", "1.32"], []),
        ]),
        new("kube-proxy", "networking",
        [
            new("v1.33.5-eksbuild.2", ["1.33"], ["1.33"]),
            new("v1.33.3-eksbuild.6", ["1.33"], []),
            new("v1.32.9-eksbuild.2", ["1.32"], ["1.32"]),
            new("v1.31.13-eksbuild.2", ["1.31"], ["1.31"]),
            new("v1.30.14-eksbuild.12", ["1.30"], ["1.30"]),
            new("v1.29.15-eksbuild.20", ["1.29"], ["1.29"]),
        ]),
        new("vpc-cni", "networking",
        [
            new("v1.20.1-eksbuild.3", Minors, Minors),
            new("v1.19.6-eksbuild.7", Minors, []),
        ]),
        new("aws-ebs-csi-driver", "storage",
        [
            new("v1.44.0-eksbuild.1", Minors, Minors),
            new("v1.43.0-eksbuild.1", Minors, []),
        ]),
    ];

    /// <summary>The add-on called <paramref name="name"/>, or null when EKS offers none by that name.</summary>
    public static AddonOffer? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>One add-on on offer and its versions.</summary>
    public sealed record AddonOffer(string Name, string Type, IReadOnlyList<AddonVersionOffer> Versions)
    {
        /// <summary>The version a cluster of <paramref name="minor"/> gets when none is named; null when the add-on does not serve that minor.</summary>
        public string? DefaultFor(string minor) => Versions.FirstOrDefault(v => v.Defaults.Contains(minor))?.Version;

        /// <summary>True when <paramref name="version"/> exists and serves <paramref name="minor"/>.</summary>
        public bool Serves(string version, string minor) => Versions.Any(v => v.Version == version && v.Minors.Contains(minor));

        /// <summary>The add-on as DescribeAddonVersions lists it, with the versions serving <paramref name="minor"/> (all when null).</summary>
        public JsonObject ToJson(string? minor) => new()
        {
            ["addonName"] = Name,
            ["type"] = Type,
            ["addonVersions"] = new JsonArray([.. Versions.Where(v => minor is null || v.Minors.Contains(minor)).Select(v => (JsonNode)v.ToJson(minor))]),
            ["publisher"] = "eks",
            ["owner"] = "aws",
        };
    }

    /// <summary>One version of an add-on: the minors it serves and those whose default it is.</summary>
    public sealed record AddonVersionOffer(string Version, IReadOnlyList<string> Minors, IReadOnlyList<string> Defaults)
    {
        public JsonObject ToJson(string? minor) => new()
        {
            ["addonVersion"] = Version,
            ["architecture"] = new JsonArray("amd64", "arm64"),
            ["compatibilities"] = new JsonArray([.. Minors.Where(m => minor is null || m == minor).Select(m => (JsonNode)new JsonObject
            {
                ["clusterVersion"] = m,
                ["platformVersions"] = new JsonArray("*"),
                ["defaultVersion"] = Defaults.Contains(m),
            })]),
            ["requiresConfiguration"] = false,
        };
    }
}
