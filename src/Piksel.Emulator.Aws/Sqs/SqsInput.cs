using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// An SQS request's members, read the same way whichever protocol carried them: JSON members
/// (<c>{"Attributes": {"VisibilityTimeout": "60"}}</c>) or the query protocol's flattened names
/// (<c>Attribute.1.Name=VisibilityTimeout&amp;Attribute.1.Value=60</c>).
/// </summary>
internal abstract class SqsInput
{
    /// <summary>A scalar member (string, number or boolean, as text); null when absent.</summary>
    public abstract string? Get(string name);

    /// <summary>A string map: JSON <paramref name="jsonName"/>, query <c>&lt;queryName&gt;.N.&lt;key&gt;/&lt;value&gt;</c>.</summary>
    public abstract Dictionary<string, string> Map(string jsonName, string queryName, string key, string value);

    /// <summary>A string list: JSON <paramref name="jsonName"/>, query <c>&lt;queryName&gt;.N</c>.</summary>
    public abstract List<string> List(string jsonName, string queryName);

    /// <summary>A list of structures: JSON <paramref name="jsonName"/>, query <c>&lt;queryName&gt;.N.&lt;member&gt;</c>.</summary>
    public abstract List<SqsInput> Entries(string jsonName, string queryName);

    /// <summary>Message attributes: JSON <c>MessageAttributes</c>, query <c>MessageAttribute.N.Name/Value.DataType…</c>.</summary>
    public abstract Dictionary<string, SqsMessageAttribute> MessageAttributes();

    public string Required(string name) => Get(name) is { Length: > 0 } value ? value : throw SqsErrors.MissingParameter(name);

    /// <summary>An integer member; text that is not one answers InvalidParameterValue.</summary>
    public int? Int(string name) => Get(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw SqsErrors.InvalidParameterValue($"Value {text} for parameter {name} is invalid. Reason: Must be an integer.");

    /// <summary>The request's members read from its JSON body.</summary>
    public static SqsInput FromJson(JsonObject body) => new Json(body);

    /// <summary>The request's members read from its query parameters.</summary>
    public static SqsInput FromQuery(IReadOnlyDictionary<string, string> parameters) => new Query(parameters, "");

    private sealed class Json(JsonObject body) : SqsInput
    {
        public override string? Get(string name) => body[name] switch
        {
            null => null,
            JsonValue v => v.ToString(),
            _ => throw JsonProtocol.Serialization($"Start of structure or list found where {name} was expected."),
        };

        public override Dictionary<string, string> Map(string jsonName, string queryName, string key, string value) =>
            (body.OptionalObject(jsonName) ?? []).ToDictionary(p => p.Key, p => JsonProtocol.Text(p.Value) ?? "", StringComparer.Ordinal);

        public override List<string> List(string jsonName, string queryName) => body.StringList(jsonName);

        public override List<SqsInput> Entries(string jsonName, string queryName) => [.. body.ObjectList(jsonName).Select(o => (SqsInput)new Json(o))];

        public override Dictionary<string, SqsMessageAttribute> MessageAttributes() =>
            (body.OptionalObject("MessageAttributes") ?? []).ToDictionary(
                p => p.Key,
                p => JsonProtocol.Structure(p.Value) is { } v
                    ? new SqsMessageAttribute(v.OptionalString("DataType") ?? "", v.OptionalString("StringValue"), v.OptionalString("BinaryValue"))
                    : throw SqsErrors.InvalidParameterValue($"The message attribute '{p.Key}' must contain a non-empty message attribute value."),
                StringComparer.Ordinal);
    }

    private sealed class Query(IReadOnlyDictionary<string, string> parameters, string prefix) : SqsInput
    {
        public override string? Get(string name) => parameters.TryGetValue(prefix + name, out var v) ? v : null;

        public override Dictionary<string, string> Map(string jsonName, string queryName, string key, string value)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; Get($"{queryName}.{i}.{key}") is { } k; i++) map[k] = Get($"{queryName}.{i}.{value}") ?? "";
            return map;
        }

        public override List<string> List(string jsonName, string queryName)
        {
            var list = new List<string>();
            for (var i = 1; Get($"{queryName}.{i}") is { } v; i++) list.Add(v);
            return list;
        }

        public override List<SqsInput> Entries(string jsonName, string queryName)
        {
            var list = new List<SqsInput>();
            for (var i = 1; parameters.Keys.Any(k => k.StartsWith($"{prefix}{queryName}.{i}.", StringComparison.Ordinal)); i++)
                list.Add(new Query(parameters, $"{prefix}{queryName}.{i}."));
            return list;
        }

        public override Dictionary<string, SqsMessageAttribute> MessageAttributes()
        {
            var map = new Dictionary<string, SqsMessageAttribute>(StringComparer.Ordinal);
            for (var i = 1; Get($"MessageAttribute.{i}.Name") is { } name; i++)
            {
                var at = $"MessageAttribute.{i}.Value.";
                map[name] = new SqsMessageAttribute(Get(at + "DataType") ?? "", Get(at + "StringValue"), Get(at + "BinaryValue"));
            }
            return map;
        }
    }
}
