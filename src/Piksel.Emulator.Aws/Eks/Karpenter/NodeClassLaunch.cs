using System.Globalization;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>What an EC2NodeClass gives every launch beyond its selectors: the instance profile and the root volumes.</summary>
internal static class NodeClassLaunch
{
    /// <summary>
    /// <c>spec.instanceProfile</c> when given, else the profile of <c>spec.role</c>. Karpenter would make that profile
    /// itself (iam:CreateInstanceProfile); the platform makes it, named as the role, and grants Karpenter only to pass
    /// the role, so the emulated controller launches with that profile.
    /// </summary>
    public static string? InstanceProfile(JsonObject? nodeClass) =>
        Text(nodeClass?["spec"]?["instanceProfile"]) ?? Text(nodeClass?["spec"]?["role"]);

    /// <summary>The node class's <c>blockDeviceMappings</c>.</summary>
    public static IReadOnlyList<BlockDeviceRequest> BlockDevices(JsonObject? nodeClass) =>
        [.. (nodeClass?["spec"]?["blockDeviceMappings"] as JsonArray ?? []).OfType<JsonObject>().Select(m => new BlockDeviceRequest(
            Text(m["deviceName"]) ?? "/dev/xvda",
            Gibibytes(Text(m["ebs"]?["volumeSize"])),
            Text(m["ebs"]?["volumeType"]),
            m["ebs"]?["encrypted"] is JsonValue e && e.TryGetValue<bool>(out var encrypted) ? encrypted : null,
            Text(m["ebs"]?["kmsKeyID"]),
            m["ebs"]?["deleteOnTermination"] is not JsonValue d || !d.TryGetValue<bool>(out var delete) || delete))];

    /// <summary>A volume size (<c>120Gi</c>, <c>100G</c>) in whole GiB, rounded up as EC2 takes it.</summary>
    private static int? Gibibytes(string? quantity)
    {
        if (quantity is null) return null;
        (string Suffix, decimal Bytes)[] units = [("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("T", 1e12m), ("G", 1e9m), ("M", 1e6m)];
        foreach (var (suffix, bytes) in units)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal)
                && decimal.TryParse(quantity[..^suffix.Length], NumberStyles.Number, CultureInfo.InvariantCulture, out var n))
            {
                return (int)Math.Ceiling(n * bytes / (1L << 30));
            }
        }
        return decimal.TryParse(quantity, NumberStyles.Number, CultureInfo.InvariantCulture, out var plain) ? (int)Math.Ceiling(plain / (1L << 30)) : null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
