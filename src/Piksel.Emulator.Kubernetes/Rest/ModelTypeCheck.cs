using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Kubernetes.OpenApi;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// Checks a JSON object against a KubernetesClient model the way Go's decoder fills the real server's types, and returns
/// the first error in Go's words (<c>json: cannot unmarshal string into Go struct field ConfigMap.metadata of type
/// v1.ObjectMeta</c>), or null. Unknown fields and nulls are not errors (the decoder skips them); what passes can be
/// read with typed accessors without surprises.
/// </summary>
internal static partial class ModelTypeCheck
{
    private const string TimeLayout = "2006-01-02T15:04:05Z07:00";

    /// <summary>The first type error in <paramref name="obj"/> as a <paramref name="model"/>, or null.</summary>
    public static string? FirstError(JsonObject obj, Type model)
    {
        // An explicit stack, so that no body nests the check as deep as itself.
        var pending = new Stack<(JsonNode Node, ModelShape Shape, string Path, string Struct)>();
        pending.Push((obj, new ModelShape.Model(model), "", GoName(model)));
        while (pending.Count > 0)
        {
            var (node, shape, path, owner) = pending.Pop();
            var items = new List<(JsonNode Node, ModelShape Shape, string Path, string Struct)>();
            if (Check(node, shape, path, owner, items) is { } error) return error;
            for (var i = items.Count - 1; i >= 0; i--) pending.Push(items[i]);
        }
        return null;
    }

    private static string? Check(JsonNode node, ModelShape shape, string path, string owner, List<(JsonNode, ModelShape, string, string)> next)
    {
        var kind = node.GetValueKind();
        switch (shape)
        {
            case ModelShape.Any:
                return null;
            case ModelShape.Model m when m.ClrType == typeof(k8s.Models.IntOrString):
                return kind is JsonValueKind.String or JsonValueKind.Number ? null : Nested(kind, "int32");
            case ModelShape.Model m when m.ClrType == typeof(k8s.Models.ResourceQuantity):
                if (kind == JsonValueKind.Number) return null;
                if (kind == JsonValueKind.String && Quantity().IsMatch(node.GetValue<string>())) return null;
                return kind == JsonValueKind.String
                    ? "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
                    : Nested(kind, "string");
            case ModelShape.Model m:
                if (node is not JsonObject o) return Mismatch(kind, path, owner, GoType(shape));
                var properties = ModelShape.PropertyMap(m.ClrType);
                var name = ShortName(m.ClrType);
                foreach (var (key, value) in o)
                {
                    if (value is null || !properties.TryGetValue(key, out var property)) continue;
                    next.Add((value, property.Shape, path.Length == 0 ? key : $"{path}.{key}", name));
                }
                return null;
            case ModelShape.Map map:
                if (node is not JsonObject entries) return Mismatch(kind, path, owner, GoType(shape));
                foreach (var (_, value) in entries)
                    if (value is not null) next.Add((value, map.Values, path, owner));
                return null;
            case ModelShape.Array array:
                if (node is not JsonArray list) return Mismatch(kind, path, owner, GoType(shape));
                foreach (var item in list)
                    if (item is not null) next.Add((item, array.Items, path, owner));
                return null;
            case ModelShape.Scalar scalar:
                return CheckScalar(node, kind, scalar, path, owner);
            default:
                return null;
        }
    }

    private static string? CheckScalar(JsonNode node, JsonValueKind kind, ModelShape.Scalar scalar, string path, string owner)
    {
        switch (scalar.Type, scalar.Format)
        {
            case ("string", "date-time"):
                if (kind != JsonValueKind.String) return Nested(kind, "string");
                var text = node.GetValue<string>();
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && text.Contains('T', StringComparison.Ordinal)
                    ? null
                    : $"parsing time {Quote(text)} as {Quote(TimeLayout)}: cannot parse {Quote(text)} as \"2006\"";
            case ("string", "byte"):
                if (kind != JsonValueKind.String) return Mismatch(kind, path, owner, "[]uint8");
                var encoded = node.GetValue<string>();
                return Base64Error(encoded);
            case ("string", _):
                return kind == JsonValueKind.String ? null : Mismatch(kind, path, owner, "string");
            case ("boolean", _):
                return kind is JsonValueKind.True or JsonValueKind.False ? null : Mismatch(kind, path, owner, "bool");
            case ("number", _):
                return kind == JsonValueKind.Number ? null : Mismatch(kind, path, owner, "float64");
            case ("integer", var format):
                var type = format == "int32" ? "int32" : "int64";
                if (kind != JsonValueKind.Number) return Mismatch(kind, path, owner, type);
                var raw = node.ToJsonString();
                var fits = format == "int32" ? int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) : long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                return fits ? null : Mismatch("number " + raw, path, owner, type);
            default:
                return null;
        }
    }

    /// <summary>Go's base64.StdEncoding error for <paramref name="text"/>, or null when it decodes.</summary>
    private static string? Base64Error(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = char.IsAsciiLetterOrDigit(c) || c is '+' or '/' || (c == '=' && i >= text.Length - 2 && text.Length % 4 == 0 && text[(i + 1)..].All(p => p == '='));
            if (!ok) return $"illegal base64 data at input byte {i}";
        }
        return text.Length % 4 == 0 ? null : $"illegal base64 data at input byte {text.Length - (text.Length % 4 == 1 ? 1 : 0)}";
    }

    private static string Mismatch(JsonValueKind kind, string path, string owner, string type) => Mismatch(ValueName(kind), path, owner, type);

    private static string Mismatch(string value, string path, string owner, string type) =>
        path.Length == 0
            ? $"json: cannot unmarshal {value} into Go value of type {type}"
            : $"json: cannot unmarshal {value} into Go struct field {owner}.{path} of type {type}";

    /// <summary>A field type with its own UnmarshalJSON (Time, IntOrString) decodes through a nested call that loses the field's context.</summary>
    private static string Nested(JsonValueKind kind, string type) => $"json: cannot unmarshal {ValueName(kind)} into Go value of type {type}";

    private static string ValueName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };

    private static string Quote(string text) => JsonSerializer.Serialize(text, Storage.StoredObject.WireOptions);

    /// <summary>The Go type of a shape: <c>map[string]string</c>, <c>[]v1.Container</c>, <c>v1.ObjectMeta</c>.</summary>
    private static string GoType(ModelShape shape) => shape switch
    {
        ModelShape.Map m => "map[string]" + GoType(m.Values),
        ModelShape.Array a => "[]" + GoType(a.Items),
        ModelShape.Model m => GoName(m.ClrType),
        ModelShape.Scalar { Type: "string", Format: "byte" } => "[]uint8",
        ModelShape.Scalar { Type: "string", Format: "date-time" } => "v1.Time",
        ModelShape.Scalar { Type: "string" } => "string",
        ModelShape.Scalar { Type: "boolean" } => "bool",
        ModelShape.Scalar { Type: "integer", Format: "int32" } => "int32",
        ModelShape.Scalar { Type: "integer" } => "int64",
        ModelShape.Scalar => "float64",
        _ => "interface {}",
    };

    /// <summary><c>V1ObjectMeta</c> → <c>v1.ObjectMeta</c>; <c>Authenticationv1TokenRequest</c> → <c>v1.TokenRequest</c>.</summary>
    private static string GoName(Type model)
    {
        var match = ModelName().Match(model.Name);
        return match.Success ? $"{match.Groups["version"].Value.ToLowerInvariant()}.{match.Groups["name"].Value}" : model.Name;
    }

    private static string ShortName(Type model) => GoName(model) is var name && name.IndexOf('.', StringComparison.Ordinal) is >= 0 and var dot ? name[(dot + 1)..] : name;

    [GeneratedRegex(@"^(?:[A-Z][a-z]+)?(?<version>[Vv]\d+(?:alpha\d+|beta\d+)?)(?<name>[A-Z]\w*)$")]
    private static partial Regex ModelName();

    [GeneratedRegex(@"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex Quantity();
}
