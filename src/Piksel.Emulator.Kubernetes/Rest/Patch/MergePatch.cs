using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Rest.Patch;

/// <summary>RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>): maps merge, <c>null</c> deletes, everything else (lists too) is replaced.</summary>
public static class MergePatch
{
    /// <summary>The result of merging <paramref name="patch"/> into <paramref name="target"/> (which may be changed in place).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes) return patch?.DeepClone();
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in changes)
        {
            if (value is null) result.Remove(key);
            else result[key] = Apply(result.TryGetPropertyValue(key, out var old) ? old?.DeepClone() : null, value);
        }
        return result;
    }
}
