using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>Writes JSON answers and Status errors as the real server does.</summary>
public static class ApiResponses
{
    /// <summary>Writes <paramref name="body"/> with <paramref name="status"/>.</summary>
    public static async Task WriteJsonAsync(HttpContext http, JsonNode body, HttpStatusCode status = HttpStatusCode.OK)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter.AsStream(), new JsonWriterOptions { Encoder = Storage.StoredObject.WireOptions.Encoder });
        body.WriteTo(writer);
    }

    /// <summary>Writes already-serialised JSON.</summary>
    public static Task WriteRawAsync(HttpContext http, byte[] json, HttpStatusCode status = HttpStatusCode.OK)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        return http.Response.Body.WriteAsync(json).AsTask();
    }

    /// <summary>Writes a Status failure.</summary>
    public static Task WriteStatusAsync(HttpContext http, StatusException error) =>
        http.Response.HasStarted ? Task.CompletedTask : WriteJsonAsync(http, error.ToStatus(), error.Code);

    /// <summary>A success Status (what DELETE of a collection or some subresources answer).</summary>
    public static JsonObject Success(JsonObject? details = null)
    {
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" };
        if (details is not null) status["details"] = details;
        return status;
    }

    /// <summary>The media types a body of a built-in kind may come in (CBOR only behind a feature gate the server leaves off).</summary>
    public static IReadOnlyList<string> BodyMediaTypes { get; } = ["application/json", "application/yaml", Protobuf.ProtobufBodies.MediaType];

    /// <summary>Reads the request body as a JSON object (YAML and Kubernetes protobuf bodies are converted); a bad body is 400.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length == 0) throw StatusException.BadRequest("the request body is empty");
        var contentType = http.Request.ContentType ?? "application/json";
        if (Protobuf.ProtobufBodies.IsProtobuf(contentType))
            return Protobuf.ProtobufBodies.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (contentType.Contains("cbor", StringComparison.OrdinalIgnoreCase) || contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
            throw StatusException.UnsupportedMediaType(BodyMediaTypes);
        try
        {
            if (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
            {
                return YamlBodies.ToJson(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)) as JsonObject
                    ?? throw StatusException.BadRequest("the request body must be an object");
            }

            return FieldValidation.ParseBody(http, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) as JsonObject
                ?? throw StatusException.BadRequest("the request body must be an object");
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }
}
