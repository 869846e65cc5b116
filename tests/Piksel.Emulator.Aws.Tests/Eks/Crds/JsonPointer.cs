using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>Sets a value at a JSON pointer (RFC 6901), creating objects on the way; returns the root.</summary>
internal static class JsonPointer
{
    public static JsonNode With(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.Split('/')[1..].Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = node is JsonArray array ? array[int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture)]! : node[parts[i]] ??= new JsonObject();
        }

        if (node is JsonArray list)
        {
            list[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node.AsObject()[parts[^1]] = value;
        }

        return root;
    }
}
