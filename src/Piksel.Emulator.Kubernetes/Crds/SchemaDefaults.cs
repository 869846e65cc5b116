using System.Text.Json;
using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// Applies a structural schema's <c>default</c>s as apiextensions-apiserver does on write and on read: a missing
/// property (or a null one that is not nullable) gets its default, then defaults apply inside it, top-down.
/// </summary>
public static class SchemaDefaults
{
    /// <summary>Defaults <paramref name="value"/> in place.</summary>
    public static void Apply(JsonNode? value, JsonObject schema)
    {
        switch (value)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, node) in properties)
                    {
                        if (node is not JsonObject property || property["default"] is not { } fallback) continue;
                        var missing = !obj.TryGetPropertyValue(name, out var current)
                            || ((current is null || current.GetValueKind() == JsonValueKind.Null) && !Flag(property, "nullable"));
                        if (missing) obj[name] = fallback.DeepClone();
                    }
                }
                foreach (var (key, child) in obj.ToList())
                {
                    if (Property(schema, key) is { } property) Apply(child, property);
                    else if (AdditionalProperties(schema) is { } values) Apply(child, values);
                }
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                foreach (var item in array) Apply(item, items);
                break;
        }
    }
}
