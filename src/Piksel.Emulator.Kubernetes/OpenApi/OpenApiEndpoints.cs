using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>Serves <c>/openapi/v2</c>, <c>/openapi/v3</c> and <c>/openapi/v3/&lt;group-version&gt;</c> (authenticated, as on a real server).</summary>
internal static class OpenApiEndpoints
{
    /// <summary>The OpenAPI paths, over one set of documents for the server of <paramref name="context"/>.</summary>
    public static IEnumerable<NonResourcePath> Paths(ServerContext context)
    {
        var documents = new OpenApiDocuments(context);
        return
        [
            new NonResourcePath("/openapi/v2", (http, _) => ServeV2Async(http, documents, context.Time)),
            new NonResourcePath("/openapi/v3", (http, _) => ServeV3Async(http, documents, context.Time)),
        ];
    }

    private static Task ServeV2Async(HttpContext http, OpenApiDocuments documents, TimeProvider time)
    {
        if (http.Request.Path.Value is not "/openapi/v2" and not "/openapi/v2/") throw NotFound();
        var snapshot = documents.Current;
        // client-go asks for gnostic protobuf (the "@v1.0" form); the answer names it with a dot, as kube-openapi does (Go rejects "@" in a Content-Type).
        var protobuf = http.Request.Headers.Accept.ToString().Contains("application/com.github.proto-openapi.spec.v2", StringComparison.Ordinal);
        var body = protobuf ? snapshot.V2Protobuf : snapshot.V2;
        return WriteAsync(http, body, protobuf ? snapshot.V2Hash + "-pb" : snapshot.V2Hash, immutable: false, time,
            protobuf ? "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" : "application/json");
    }

    private static Task ServeV3Async(HttpContext http, OpenApiDocuments documents, TimeProvider time)
    {
        var path = (http.Request.Path.Value ?? "").TrimEnd('/');
        var snapshot = documents.Current;
        if (path == "/openapi/v3") return WriteAsync(http, snapshot.V3Index, null, immutable: false, time);
        var key = path["/openapi/v3/".Length..];
        if (!snapshot.GroupVersions.TryGetValue(key, out var doc)) throw NotFound();
        var asked = http.Request.Query["hash"].ToString();
        if (asked.Length > 0 && !string.Equals(asked, doc.Hash, StringComparison.OrdinalIgnoreCase))
        {
            // A stale hash is redirected to the current document, as kube-openapi's handler does.
            http.Response.StatusCode = (int)HttpStatusCode.MovedPermanently;
            http.Response.Headers.Location = $"/openapi/v3/{key}?hash={doc.Hash}";
            return Task.CompletedTask;
        }
        return WriteAsync(http, doc.Json, doc.Hash, immutable: asked.Length > 0, time);
    }

    private static async Task WriteAsync(HttpContext http, byte[] json, string? etag, bool immutable, TimeProvider time, string contentType = "application/json")
    {
        if (etag is not null)
        {
            var quoted = $"\"{etag}\"";
            http.Response.Headers.ETag = quoted;
            if (http.Request.Headers.IfNoneMatch.ToString() == quoted)
            {
                http.Response.StatusCode = (int)HttpStatusCode.NotModified;
                return;
            }
        }
        http.Response.Headers.CacheControl = immutable ? "public, immutable" : "no-cache, private";
        if (immutable) http.Response.Headers.Expires = time.GetUtcNow().AddYears(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        http.Response.StatusCode = (int)HttpStatusCode.OK;
        http.Response.ContentType = contentType;
        await http.Response.Body.WriteAsync(json, http.RequestAborted);
    }

    private static StatusException NotFound() => new(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
}
