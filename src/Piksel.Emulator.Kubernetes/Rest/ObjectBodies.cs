using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// Decodes an object body (JSON, YAML or Kubernetes protobuf) as the real server's codec does, failing as its create and
/// update handlers do (transformDecodeError): a body whose kind cannot even be read is "the object provided is
/// unrecognized (must be of type X): … (summary of the body)", one that does not fit the kind's Go type is "X in version
/// "v1" cannot be handled as a X: json: cannot unmarshal …" — 400 BadRequest either way.
/// </summary>
public static class ObjectBodies
{
    private const string KindStruct = "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

    /// <summary>Reads and decodes the request's body as an object of <paramref name="type"/>.</summary>
    public static async Task<JsonObject> ReadAsync(HttpContext http, ResourceType type) =>
        Decode(http, await RequestBody.ReadAsync(http), type.Kind, type.Version, type.ModelType ?? typeof(Unstructured));

    /// <summary>Reads and decodes the request's body as a <paramref name="kind"/> (Go type <paramref name="model"/>).</summary>
    public static async Task<JsonObject> ReadAsync(HttpContext http, string kind, string version, Type model) =>
        Decode(http, await RequestBody.ReadAsync(http), kind, version, model);

    /// <summary>Decodes <paramref name="body"/>; strict-decoding problems (duplicate fields) are left on the request for field validation.</summary>
    public static JsonObject Decode(HttpContext http, byte[] body, string kind, string version, Type model)
    {
        if (body.Length == 0) throw StatusException.BadRequest("the request body is empty");
        var contentType = http.Request.ContentType ?? "application/json";
        if (Protobuf.ProtobufBodies.IsProtobuf(contentType)) return Protobuf.ProtobufBodies.Decode(body);
        if (contentType.Contains("cbor", StringComparison.OrdinalIgnoreCase) || contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
            throw StatusException.UnsupportedMediaType(ApiResponses.BodyMediaTypes);

        var problems = new List<string>();
        JsonNode? node;
        if (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
        {
            var duplicates = new List<string>();
            try
            {
                node = YamlBodies.ToJson(body, duplicates);
            }
            catch (YamlBodyException e)
            {
                throw Unrecognized(kind, e.Message, body);
            }
            if (duplicates.Count > 0) problems.Add("yaml: unmarshal errors:\n  " + string.Join("\n  ", duplicates));
        }
        else
        {
            var duplicates = new List<string>();
            try
            {
                node = JsonBodies.Parse(body, duplicates);
            }
            catch (JsonException e)
            {
                throw Unrecognized(kind, "couldn't get version/kind; json parse error: " + Describe(e), body);
            }
            problems.AddRange(duplicates.Select(d => $"duplicate field \"{d}\""));
        }

        // "null" decodes to an empty object, as Go leaves the target untouched.
        var obj = node switch
        {
            null => [],
            JsonObject o => o,
            _ => throw Unrecognized(kind, $"couldn't get version/kind; json parse error: json: cannot unmarshal {Kind(node)} into Go value of type {KindStruct}", body),
        };
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (obj[field] is { } value && value.GetValueKind() != JsonValueKind.String)
                throw Unrecognized(kind, $"couldn't get version/kind; json parse error: json: cannot unmarshal {Kind(value)} into Go struct field .{field} of type string", body);
        }
        if (ModelTypeCheck.FirstError(obj, model) is { } error)
            throw StatusException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {error}");
        FieldValidation.RememberStrictProblems(http, problems);
        return obj;
    }

    /// <summary>The parser's message without its position suffix (Go's messages carry none).</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd('.', ' ') : message;
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.Object => "object",
        _ => "bool",
    };

    /// <summary>The real server quotes the body's first bytes; not of a Secret here, as they may hold its data.</summary>
    private static StatusException Unrecognized(string kind, string error, byte[] body) =>
        StatusException.BadRequest($"the object provided is unrecognized (must be of type {kind}): {error}{(kind == "Secret" ? "" : $" ({Summarize(body)})")}");

    /// <summary>apimachinery's summarizeData: the first 30 bytes, as text for JSON, as hex otherwise.</summary>
    private static string Summarize(byte[] data)
    {
        const int max = 30;
        if (data.Length == 0) return "<empty>";
        var head = data.AsSpan(0, Math.Min(max, data.Length));
        var text = data[0] == '{' ? Encoding.UTF8.GetString(head) : Convert.ToHexStringLower(head);
        return data.Length > max ? text + " ..." : text;
    }
}
