using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>awsJson1.1 and restJson1 bodies: parse the request, write the answer or the error.</summary>
public static class JsonProtocol
{
    /// <summary>
    /// Parses the request body as a JSON object (an empty body is an empty object). What Coral refuses before any
    /// member is read answers <c>SerializationException</c>: bytes that are not UTF-8, JSON that does not parse or nests
    /// deeper than 64, a string with a lone surrogate escape (<c>"\ud800"</c>), a body that is not an object. A member
    /// given twice keeps its last value, as Coral's Jackson reader does.
    /// </summary>
    public static JsonObject ParseBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return [];
        if (!System.Text.Unicode.Utf8.IsValid(body)) throw Serialization("Invalid UTF-8 start byte or continuation byte in the request body.");
        JsonNode? node;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            // One value and nothing after it (but whitespace): Read throws at garbage and finds a second value.
            if (reader.Read()) throw Serialization("Could not parse request body: more than one JSON value.");
            node = ToNode(document.RootElement);
        }
        catch (JsonException e)
        {
            throw Serialization($"Could not parse request body: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            throw Serialization("Invalid UTF-16 surrogate escape in a string of the request body.");
        }

        return node as JsonObject ?? throw Serialization(node is null ? "Request body must be a JSON object, not null." : MismatchMessage(node, "a structure"));
    }

    /// <summary>
    /// <paramref name="element"/> copied into nodes, every name and string decoded on the way (a lone surrogate escape
    /// throws here, not in a handler) and a repeated name keeping its last value.
    /// </summary>
    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject()) obj[property.Name] = ToNode(property.Value);
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray()) array.Add(ToNode(item));
                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            case JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(element.GetBoolean());
            case JsonValueKind.Number:
                return JsonValue.Create(element.Clone());
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads every property name and string of <paramref name="element"/> once; throws <see cref="InvalidOperationException"/>
    /// at a lone surrogate escape, which System.Text.Json refuses to decode (a parsed document may still hold one).
    /// </summary>
    public static void CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    CheckStrings(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CheckStrings(item);
                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    /// <summary>Writes a 200 answer with <paramref name="body"/> (an empty object when null).</summary>
    public static Task WriteAsync(HttpContext http, JsonNode? body, string contentType = "application/x-amz-json-1.1", int status = 200)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        return http.Response.WriteAsync((body ?? new JsonObject()).ToJsonString());
    }

    /// <summary>Writes <c>{"__type": code, "message": …}</c> with the code in <c>x-amzn-ErrorType</c> too (restJson1 clients read the header).</summary>
    public static Task WriteErrorAsync(HttpContext http, AwsServiceException error, string contentType = "application/x-amz-json-1.1")
    {
        http.Response.StatusCode = (int)error.StatusCode;
        http.Response.ContentType = contentType;
        http.Response.Headers["x-amzn-ErrorType"] = error.Code;
        var body = new JsonObject { ["__type"] = error.Code, ["message"] = error.Message };
        // restJson1 errors carry members of their own (EKS: clusterName, nodegroupName…).
        foreach (var (name, value) in error.Details) body[name] = value;
        return http.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>
    /// An awsJson1.0 error of a query-compatible service (SQS): <c>__type</c> is the JSON shape (an error's
    /// <c>__type</c> detail, else its code) and <c>x-amzn-query-error: &lt;query code&gt;;Sender|Receiver</c> carries the
    /// code the query protocol answered, which the SDKs surface as the error code.
    /// </summary>
    public static Task WriteQueryCompatibleErrorAsync(HttpContext http, AwsServiceException error)
    {
        http.Response.Headers["x-amzn-query-error"] = $"{error.Code};{(error.SenderFault ? "Sender" : "Receiver")}";
        return WriteErrorAsync(http, error, "application/x-amz-json-1.0");
    }

    /// <summary>Epoch seconds with fractions, as awsJson timestamps travel.</summary>
    public static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>A required string member; absent (or null) answers <c>ValidationException</c>, another type <c>SerializationException</c>.</summary>
    public static string RequiredString(this JsonObject body, string name) =>
        body.OptionalString(name)
            ?? throw new AwsServiceException("ValidationException", $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null");

    /// <summary>An optional string member (JSON null is absent); another type answers <c>SerializationException</c> as Coral does.</summary>
    public static string? OptionalString(this JsonObject body, string name) => Text(body[name]);

    /// <summary>An optional integer member; a string or structure answers <c>SerializationException</c>.</summary>
    public static long? OptionalLong(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue d when d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<double>(out var dn) => dn is >= long.MinValue and <= long.MaxValue ? (long)dn : throw Serialization("NUMBER_VALUE can not be converted to a Long"),
        var other => throw Serialization(MismatchMessage(other, "a Long")),
    };

    /// <summary>An optional boolean member; another type answers <c>SerializationException</c>.</summary>
    public static bool? OptionalBool(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw Serialization(MismatchMessage(other, "a Boolean")),
    };

    /// <summary>An optional structure member; another type answers <c>SerializationException</c>.</summary>
    public static JsonObject? OptionalObject(this JsonObject body, string name) => Structure(body[name]);

    /// <summary>An optional list member (null when absent); another type answers <c>SerializationException</c>.</summary>
    public static JsonArray? OptionalArray(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonArray a => a,
        var other => throw Serialization(MismatchMessage(other, "a List")),
    };

    /// <summary>A list of strings (empty when absent); an item of another type answers <c>SerializationException</c>.</summary>
    public static List<string> StringList(this JsonObject body, string name) =>
        [.. (body.OptionalArray(name) ?? []).Select(n => Text(n) ?? throw Serialization("Null values are not allowed in a list of strings."))];

    /// <summary>A list of structures (empty when absent); an item of another type answers <c>SerializationException</c>.</summary>
    public static List<JsonObject> ObjectList(this JsonObject body, string name) =>
        [.. (body.OptionalArray(name) ?? []).Select(n => Structure(n) ?? throw Serialization("Null values are not allowed in a list of structures."))];

    /// <summary>A node that must be a string (null when absent); another type answers <c>SerializationException</c>.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw Serialization(MismatchMessage(other, "a String")),
    };

    /// <summary>A node that must be a structure (null when absent); another type answers <c>SerializationException</c>.</summary>
    public static JsonObject? Structure(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o,
        var other => throw Serialization(MismatchMessage(other, "a structure")),
    };

    /// <summary>Coral's sentence for a JSON value of the wrong type.</summary>
    private static string MismatchMessage(JsonNode node, string wanted) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "Start of structure or map found where not expected.",
        JsonValueKind.Array => "Start of list found where not expected.",
        JsonValueKind.String => $"STRING_VALUE can not be converted to {wanted}",
        JsonValueKind.Number => $"NUMBER_VALUE can not be converted to {wanted}",
        JsonValueKind.True => $"TRUE_VALUE can not be converted to {wanted}",
        JsonValueKind.False => $"FALSE_VALUE can not be converted to {wanted}",
        _ => $"Unexpected value where {wanted} was expected.",
    };

    /// <summary>The error Coral answers for a body it cannot read into the operation's input.</summary>
    public static AwsServiceException Serialization(string message) => new("SerializationException", message);
}
