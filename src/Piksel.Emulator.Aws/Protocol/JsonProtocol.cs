using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>awsJson1.1 and restJson1 bodies: parse the request, write the answer or the error.</summary>
public static class JsonProtocol
{
    /// <summary>Parses the request body as a JSON object (an empty body is an empty object); bad JSON answers <c>SerializationException</c>.</summary>
    public static JsonObject ParseBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return [];
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new AwsServiceException("SerializationException", "Request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new AwsServiceException("SerializationException", $"Could not parse request body: {e.Message}");
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

    /// <summary>Epoch seconds with fractions, as awsJson timestamps travel.</summary>
    public static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>A required string member; absent answers <c>ValidationException</c>.</summary>
    public static string RequiredString(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new AwsServiceException("ValidationException", $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null");

    /// <summary>An optional string member.</summary>
    public static string? OptionalString(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>An optional integer member.</summary>
    public static long? OptionalLong(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n
        : body[name] is JsonValue d && d.TryGetValue<double>(out var dn) ? (long)dn : null;

    /// <summary>An optional boolean member.</summary>
    public static bool? OptionalBool(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
