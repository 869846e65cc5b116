using System.Text.Json.Nodes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>Metadata of custom objects read as JSON.</summary>
internal static class CustomObjectMeta
{
    public static JsonObject? Of(JsonObject live) => live["metadata"] as JsonObject;

    public static string Name(JsonObject live) => Of(live)?["name"]?.GetValue<string>() ?? "";

    public static string? Namespace(JsonObject live) => Of(live)?["namespace"]?.GetValue<string>();

    public static bool IsDeleting(JsonObject live) => Of(live)?["deletionTimestamp"] is not null;

    public static IReadOnlyDictionary<string, string>? Map(JsonObject live, string section)
    {
        if (Of(live)?[section] is not JsonObject map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var s))
            {
                result[key] = s;
            }
        }

        return result;
    }

    public static IEnumerable<JsonObject> Items(JsonObject list) => (list["items"] as JsonArray ?? []).OfType<JsonObject>();
}
