using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>The metadata and spec of a pod (or of a workload's pod template) as the checks read them.</summary>
public sealed class PodView(JsonObject? metadata, JsonObject? spec)
{
    /// <summary>The pod's (or template's) metadata; empty when absent.</summary>
    public JsonObject Metadata { get; } = metadata ?? [];

    /// <summary>The pod spec; empty when absent.</summary>
    public JsonObject Spec { get; } = spec ?? [];

    /// <summary>spec.securityContext, or null.</summary>
    public JsonObject? SecurityContext => Spec["securityContext"] as JsonObject;

    /// <summary>True when spec.os.name is windows (some restricted checks exempt such pods from v1.25).</summary>
    public bool IsWindows => Text(Spec["os"]?["name"]) == "windows";

    /// <summary>Every container in the order pod-security-admission visits them: initContainers, containers, ephemeralContainers.</summary>
    public IEnumerable<(string Name, JsonObject Container)> Containers()
    {
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            if (Spec[list] is not JsonArray items) continue;
            foreach (var item in items)
            {
                if (item is JsonObject container) yield return (Text(container["name"]) ?? "", container);
            }
        }
    }

    /// <summary>The volumes: name and the one source field each carries.</summary>
    public IEnumerable<(string Name, JsonObject Volume)> Volumes()
    {
        if (Spec["volumes"] is not JsonArray items) yield break;
        foreach (var item in items)
        {
            if (item is JsonObject volume) yield return (Text(volume["name"]) ?? "", volume);
        }
    }

    /// <summary>A string value, or null when absent or not a string.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A boolean value, or null when absent or not a boolean.</summary>
    public static bool? Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>An integer value, or null when absent or not an integer.</summary>
    public static long? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    /// <summary>The string items of an array (capabilities, for instance).</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray a ? a.Select(Text).OfType<string>() : [];
}
