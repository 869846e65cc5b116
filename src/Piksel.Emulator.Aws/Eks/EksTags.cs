using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>EKS tags: a <c>tags</c> map of at most 50 pairs; keys 1–128 characters, values up to 256, <c>aws:</c> reserved.</summary>
internal static class EksTags
{
    public static Dictionary<string, string> Read(JsonObject body, string? clusterName)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["tags"] is null) return tags;
        if (body["tags"] is not JsonObject map) throw EksErrors.InvalidParameter("tags must be a map of strings.", clusterName);
        foreach (var (key, node) in map)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text)) throw EksErrors.InvalidParameter($"The value of tag {key} must be a string.", clusterName);
            if (key.Length is < 1 or > 128) throw EksErrors.InvalidParameter($"Tag key {key} must be 1 to 128 characters.", clusterName);
            if (text.Length > 256) throw EksErrors.InvalidParameter($"The value of tag {key} must be at most 256 characters.", clusterName);
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw EksErrors.InvalidParameter("Tag keys starting with aws: are reserved.", clusterName);
            tags[key] = text;
        }
        if (tags.Count > 50) throw EksErrors.InvalidParameter("A resource may have at most 50 tags.", clusterName);
        return tags;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> tags) =>
        new(tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
}
