using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>Reads a string out of a JSON node that may be anything (user input is not trusted to have the right type).</summary>
public static class JsonText
{
    /// <summary>The string at <paramref name="node"/>, or null when it is absent or not a string.</summary>
    public static string? Of(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
