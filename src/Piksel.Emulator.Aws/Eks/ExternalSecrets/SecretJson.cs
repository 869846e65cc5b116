using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>How ESO reads a property out of a secret (a gjson path into its JSON) and turns a value into Secret bytes.</summary>
internal static class SecretJson
{
    /// <summary>The whole secret as JSON (<paramref name="property"/> null) or the value at <paramref name="property"/>.</summary>
    public static JsonNode? Select(SecretValue value, string? property, string key)
    {
        JsonNode? root;
        try
        {
            root = value.SecretString is { } text ? JsonNode.Parse(text) : value.SecretBinary is { } binary ? JsonNode.Parse(binary) : null;
        }
        catch (JsonException)
        {
            // The value itself stays out of the message.
            throw new SyncException($"unable to unmarshal secret {key}: not valid JSON");
        }
        if (property is null) return root;
        // gjson: a key holding dots matches as a whole first; otherwise each dot descends one level.
        if (root is JsonObject whole && whole.TryGetPropertyValue(property, out var direct)) return direct;
        var node = root;
        foreach (var part in property.Split('.'))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new SyncException($"key {property} does not exist in secret {key}"),
            };
        }
        return node;
    }

    /// <summary>A string as its text, anything else as its JSON (gjson's <c>String()</c>).</summary>
    public static byte[] Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    });
}
