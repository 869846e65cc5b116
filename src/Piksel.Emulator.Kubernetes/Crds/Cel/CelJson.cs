using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// JSON to CEL values, typed by the schema as the API server types them: an integer schema gives int, number gives
/// double, a string with format byte gives bytes (base64-decoded); without a schema a whole number is an int.
/// </summary>
internal static class CelJson
{
    /// <summary>The CEL value of <paramref name="node"/> described by <paramref name="schema"/>.</summary>
    public static object ToValue(JsonNode? node, JsonObject? schema)
    {
        switch (node)
        {
            case null:
                return CelNull.Value;
            case JsonObject obj:
                var properties = schema?["properties"] as JsonObject;
                var additional = schema?["additionalProperties"] as JsonObject;
                var map = new CelMap();
                foreach (var (key, value) in obj)
                {
                    map.TryAdd(key, ToValue(value, properties?[key] as JsonObject ?? additional));
                }

                return map;
            case JsonArray array:
                var items = schema?["items"] as JsonObject;
                var list = new object[array.Count];
                for (var i = 0; i < array.Count; i++)
                {
                    list[i] = ToValue(array[i], items);
                }

                return list;
            default:
                return Scalar(node.AsValue(), schema);
        }
    }

    private static object Scalar(JsonValue value, JsonObject? schema)
    {
        var type = (schema?["type"] as JsonValue)?.ToString();
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (type == "string" && schema?["format"]?.ToString() == "byte")
                {
                    try
                    {
                        return Convert.FromBase64String(text);
                    }
                    catch (FormatException)
                    {
                        return text;
                    }
                }

                return text;
            case JsonValueKind.Number:
                // The raw text, so a value built in code (JsonValue.Create(5)) reads the same as a parsed one.
                var raw = value.ToJsonString();
                if (type != "number" && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    return whole;
                }

                var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                return type == "integer" && number == Math.Floor(number) && Math.Abs(number) < 9.2e18 ? (long)number : number;
            default:
                return CelNull.Value;
        }
    }
}
