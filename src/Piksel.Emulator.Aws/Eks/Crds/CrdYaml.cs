using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Piksel.Emulator.Aws.Eks.Crds;

/// <summary>YAML documents to JSON as kubectl reads them: plain scalars typed by the YAML 1.2 core schema, quoted ones strings.</summary>
internal static partial class CrdYaml
{
    /// <summary>Every document in <paramref name="text"/> as a JSON object.</summary>
    public static IEnumerable<JsonObject> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode) is JsonObject obj)
            {
                yield return obj;
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e =>
            KeyValuePair.Create(((YamlScalarNode)e.Key).Value ?? "", ToJson(e.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when FloatPattern().IsMatch(value) => JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(value),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
