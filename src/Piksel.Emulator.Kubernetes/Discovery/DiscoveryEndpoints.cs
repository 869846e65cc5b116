using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Discovery;

/// <summary>
/// Serves discovery (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/&lt;g&gt;</c>, <c>/apis/&lt;g&gt;/&lt;v&gt;</c>) and, through
/// <see cref="OpenApi.OpenApiEndpoints"/>, the OpenAPI documents. The one entry point <see cref="ServerFeatures"/> calls.
/// </summary>
internal static class DiscoveryEndpoints
{
    /// <summary>Registers discovery and OpenAPI on <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddNonResourcePaths(c =>
        [
            new NonResourcePath("/api", (http, _) => ServeAsync(http, c.Catalog)),
            new NonResourcePath("/apis", (http, _) => ServeAsync(http, c.Catalog)),
        ]);
        builder.AddNonResourcePaths(OpenApi.OpenApiEndpoints.Paths);
    }

    private static Task ServeAsync(HttpContext http, ResourceCatalog catalog)
    {
        var segments = (http.Request.Path.Value ?? "").Trim('/').Split('/');
        // Deeper paths are resources of a group-version or kind the server does not serve: 404 whatever the method, which
        // clients read as "not enabled" (kubectl 1.27's auth whoami falls back from v1beta1 to v1alpha1 on it).
        if (segments.Length > (segments[0] == "api" ? 2 : 3)) throw NotFound();
        if (http.Request.Method is not "GET" and not "HEAD")
            throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        http.Response.Headers.Vary = "Accept";
        switch (segments)
        {
            case ["api"]:
                return Aggregated(http) is { } core
                    ? WriteAggregatedAsync(http, AggregatedDiscovery.List(catalog, core: true, $"apidiscovery.k8s.io/{core}"), core)
                    : ApiResponses.WriteJsonAsync(http, DiscoveryDocuments.ApiVersions(catalog, http.Request.Host.Value ?? "127.0.0.1"));
            case ["apis"]:
                return Aggregated(http) is { } groups
                    ? WriteAggregatedAsync(http, AggregatedDiscovery.List(catalog, core: false, $"apidiscovery.k8s.io/{groups}"), groups)
                    : ApiResponses.WriteJsonAsync(http, DiscoveryDocuments.GroupList(catalog));
            case ["api", var version]:
                return Write(http, DiscoveryDocuments.ResourceList(catalog, "", version));
            case ["apis", var group]:
                return Write(http, DiscoveryDocuments.Group(catalog, group));
            case ["apis", var group, var version]:
                return Write(http, DiscoveryDocuments.ResourceList(catalog, group, version));
            default:
                throw NotFound();
        }
    }

    private static Task Write(HttpContext http, JsonObject? document) => ApiResponses.WriteJsonAsync(http, document ?? throw NotFound());

    private static Task WriteAggregatedAsync(HttpContext http, JsonObject list, string version)
    {
        // client-go checks the g, v and as parameters of the answer before parsing it as aggregated discovery.
        http.Response.StatusCode = (int)HttpStatusCode.OK;
        http.Response.ContentType = $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";
        return http.Response.Body.WriteAsync(OpenApi.JsonBytes.Of(list), http.RequestAborted).AsTask();
    }

    /// <summary>
    /// The aggregated-discovery version the Accept header prefers (<c>v2</c>, or <c>v2beta1</c> from 1.27 clients), or null when
    /// the first acceptable type is plain JSON. Clients list the aggregated type first and plain JSON as the fallback.
    /// </summary>
    public static string? Aggregated(HttpContext http)
    {
        if (!MediaTypeHeaderValue.TryParseList([.. http.Request.Headers.Accept.Select(a => a ?? "")], out var accepted) || accepted is null) return null;
        foreach (var type in accepted)
        {
            var mediaType = type.MediaType.Value;
            if (mediaType is not "application/json" and not "application/*" and not "*/*") continue;
            string? Param(string name) => type.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value.Value?.Trim('"');
            if (Param("as") is null) return null;
            if (Param("as") == "APIGroupDiscoveryList" && Param("g") == "apidiscovery.k8s.io" && Param("v") is "v2" or "v2beta1")
                return Param("v");
        }
        return null;
    }

    private static StatusException NotFound() => new(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
}
