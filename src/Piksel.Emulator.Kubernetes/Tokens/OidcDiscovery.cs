using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// Service-account issuer discovery, served without authentication: the OpenID configuration and the JWKS, at the
/// API server's paths (<c>/.well-known/openid-configuration</c>, <c>/openid/v1/jwks</c>) and at EKS's public ones
/// (<c>/keys</c>, and both under the issuer's own path <c>/id/&lt;ID&gt;/…</c>, so that a host mapping of
/// <c>oidc.eks.&lt;region&gt;.amazonaws.com</c> to this server serves the issuer URL as STS fetches it).
/// </summary>
public sealed class OidcDiscovery(ServiceAccountTokens tokens)
{
    private byte[]? configuration;
    private byte[]? jwks;

    /// <summary>The anonymous paths, for the issuer <paramref name="issuer"/>.</summary>
    public IEnumerable<NonResourcePath> Paths(string issuer)
    {
        var issuerPath = new Uri(issuer).AbsolutePath.TrimEnd('/');
        string[] configurationPaths = ["/.well-known/openid-configuration", $"{issuerPath}/.well-known/openid-configuration"];
        string[] jwksPaths = ["/openid/v1/jwks", "/keys", $"{issuerPath}/keys"];
        foreach (var path in configurationPaths.Concat(jwksPaths).Distinct(StringComparer.Ordinal))
        {
            var isJwks = jwksPaths.Contains(path);
            yield return new NonResourcePath(path, (http, _) => ServeAsync(http, path, isJwks), Anonymous: true);
        }
    }

    private async Task ServeAsync(HttpContext http, string path, bool isJwks)
    {
        // Registered as prefixes: only the exact path is ours.
        if (http.Request.Path.Value != path)
            throw new StatusException(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var body = isJwks ? jwks ??= await RenderJwksAsync() : configuration ??= Render(Configuration());
        http.Response.StatusCode = 200;
        // As the API server's metadata handler answers (pkg/routes/openidmetadata.go).
        http.Response.ContentType = isJwks ? "application/jwk-set+json" : "application/json";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        if (HttpMethods.IsGet(http.Request.Method)) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>The discovery document in EKS's public form (the issuer's <c>/keys</c> as <c>jwks_uri</c>).</summary>
    public JsonObject Configuration() => new()
    {
        ["issuer"] = tokens.Issuer,
        ["jwks_uri"] = tokens.Issuer + "/keys",
        ["authorization_endpoint"] = "urn:kubernetes:programmatic_authorization",
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["claims_supported"] = new JsonArray("sub", "iss"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    /// <summary>The public keys: <c>{"keys":[{use, kty, kid, alg, n, e}]}</c>.</summary>
    public async Task<JsonObject> JwksAsync()
    {
        var key = await tokens.KeyAsync();
        return new JsonObject { ["keys"] = new JsonArray(key.Jwk.DeepClone()) };
    }

    private async Task<byte[]> RenderJwksAsync() => Render(await JwksAsync());

    private static byte[] Render(JsonObject document) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, StoredObject.WireOptions);
}
