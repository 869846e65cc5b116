using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>How the schema machinery reads values and schema keywords, and prints values as Go's field errors do.</summary>
internal static class SchemaValues
{
    /// <summary>The JSON type name of <paramref name="node"/> as kube-openapi reports it (<c>string</c>, <c>integer</c>, <c>number</c>…).</summary>
    public static string TypeName(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => IsInteger(node!) ? "integer" : "number",
    };

    /// <summary>True for a number without a fractional part.</summary>
    public static bool IsInteger(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !v.ToJsonString().Contains('.', StringComparison.Ordinal)
            && !v.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase);

    /// <summary>The number in <paramref name="node"/>, whatever CLR type backs it (parsed JSON, YAML, or a value set in code).</summary>
    public static double Number(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A schema keyword's string value, or null.</summary>
    public static string? Str(JsonObject schema, string key) => schema[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A schema keyword's boolean value (false when absent).</summary>
    public static bool Flag(JsonObject schema, string key) => schema[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A schema keyword's numeric value, or null.</summary>
    public static double? Num(JsonObject schema, string key) => schema[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? Number(v) : null;

    /// <summary>A value as <c>%v</c> prints it in a field error: strings quoted, numbers bare, objects and arrays by their type.</summary>
    public static string Go(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "\"null\"",
        JsonValueKind.String => Quote(node!.GetValue<string>()),
        JsonValueKind.Number => FormatNumber(Number(node!), node!.ToJsonString()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "\"object\"",
        _ => "\"array\"",
    };

    /// <summary>A number as Go's <c>%v</c> prints it.</summary>
    public static string FormatNumber(double value, string? raw = null)
    {
        if (raw is not null && !raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase)) return raw;
        return Math.Floor(value) == value && Math.Abs(value) < 1e15 ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's <c>%q</c> for the common cases.</summary>
    public static string Quote(string s) => JsonSerializer.Serialize(s, StoredQuote);

    private static readonly JsonSerializerOptions StoredQuote = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>spec.items[0]</c>: a child path.</summary>
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The schema of a property of an object schema, or null.</summary>
    public static JsonObject? Property(JsonObject schema, string name) => schema["properties"] is JsonObject p ? p[name] as JsonObject : null;

    /// <summary>The schema of an object's values when it has <c>additionalProperties</c> as a schema.</summary>
    public static JsonObject? AdditionalProperties(JsonObject schema) => schema["additionalProperties"] as JsonObject;
}
