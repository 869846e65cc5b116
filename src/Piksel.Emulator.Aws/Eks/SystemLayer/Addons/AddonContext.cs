using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>What an add-on's objects are built from: the cluster, the add-on as requested and its configuration values.</summary>
public sealed record AddonContext(ClusterSystemSpec Cluster, AddonSpec Addon, JsonObject Values)
{
    /// <summary>
    /// EKS's regional ECR registry for its add-on images (602401143452 serves most regions; opt-in regions have their
    /// own account, which the emulator does not distinguish).
    /// </summary>
    public string Registry => $"602401143452.dkr.ecr.{Cluster.Region}.amazonaws.com";

    /// <summary>The context of <paramref name="addon"/> in <paramref name="cluster"/>; configuration values that are not a JSON object count as none.</summary>
    public static AddonContext Of(ClusterSystemSpec cluster, AddonSpec addon) => new(cluster, addon, ParseValues(addon.ConfigurationValues));

    /// <summary>The upstream version inside an EKS add-on version (<c>v1.44.0-eksbuild.1</c> → <c>v1.44.0</c>).</summary>
    public string UpstreamVersion => Addon.Version.Split("-eksbuild", 2)[0];

    /// <summary>A value at <paramref name="path"/> (dot-separated) of the configuration, deep-cloned, or null.</summary>
    public JsonNode? Value(string path)
    {
        JsonNode? node = Values;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node?.DeepClone();
    }

    /// <summary>An integer value at <paramref name="path"/>, or <paramref name="fallback"/>.</summary>
    public int Int(string path, int fallback) =>
        Value(path) is JsonValue v && v.TryGetValue<int>(out var i) && i >= 0 ? i : fallback;

    /// <summary>A boolean value at <paramref name="path"/>, or <paramref name="fallback"/>.</summary>
    public bool Bool(string path, bool fallback) =>
        Value(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    /// <summary>
    /// kube-dns's ClusterIP: the service CIDR's base address + 10 (<c>10.100.0.10</c>, <c>172.20.0.10</c>).
    /// </summary>
    public string DnsClusterIp
    {
        get
        {
            var cidr = Cluster.ServiceIpv4Cidr is { Length: > 0 } c ? c : "10.100.0.0/16";
            var address = IPAddress.TryParse(cidr.Split('/')[0], out var parsed) ? parsed.GetAddressBytes() : [10, 100, 0, 0];
            if (address.Length != 4) address = [10, 100, 0, 0];
            var n = ((uint)address[0] << 24 | (uint)address[1] << 16 | (uint)address[2] << 8 | address[3]) + 10;
            return string.Create(CultureInfo.InvariantCulture, $"{n >> 24}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
        }
    }

    private static JsonObject ParseValues(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            // The EKS API validates configurationValues; what reaches the cluster unparsable is treated as none.
            return [];
        }
    }
}
