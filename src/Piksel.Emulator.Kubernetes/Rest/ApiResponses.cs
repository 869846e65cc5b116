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

    /// <summary>Reads the request body as an object of <paramref name="type"/> (see <see cref="ObjectBodies"/>); a bad body is 400.</summary>
    public static Task<JsonObject> ReadObjectAsync(HttpContext http, ResourceType type) => ObjectBodies.ReadAsync(http, type);
}
