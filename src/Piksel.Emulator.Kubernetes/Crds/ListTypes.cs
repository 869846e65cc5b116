using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary><c>x-kubernetes-list-type</c>: <c>set</c> items are unique, <c>map</c> items unique by their <c>x-kubernetes-list-map-keys</c>.</summary>
internal static class ListTypes
{
    /// <summary>Adds a <c>Duplicate value</c> error for each repeated item of <paramref name="array"/>.</summary>
    public static void Check(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        switch (Str(schema, "x-kubernetes-list-type"))
        {
            case "set":
                for (var i = 0; i < array.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (!JsonNode.DeepEquals(array[i], array[j])) continue;
                        errors.Add(FieldError.Duplicate($"{path}[{i}]", Go(array[i])));
                        break;
                    }
                }
                break;
            case "map":
                var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>()).OfType<string>().ToList();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject item) continue;
                    var key = string.Join(',', keys.Select(k => $"{Quote(k)}:{item[k]?.ToJsonString() ?? "null"}"));
                    if (!seen.Add(key)) errors.Add(FieldError.Duplicate($"{path}[{i}]", $"map[string]interface {{}}{{{key}}}"));
                }
                break;
        }
    }

    /// <summary>The item of <paramref name="old"/> that <paramref name="item"/> corresponds to in a map list (same keys), or null.</summary>
    public static JsonNode? Correlate(JsonObject schema, JsonArray old, JsonNode? item)
    {
        if (Str(schema, "x-kubernetes-list-type") != "map" || item is not JsonObject o) return null;
        var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>()).OfType<string>().ToList();
        return old.OfType<JsonObject>().FirstOrDefault(c => keys.All(k => JsonNode.DeepEquals(c[k], o[k])));
    }
}
