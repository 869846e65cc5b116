using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.EksAuth;

/// <summary>
/// The EKS Pod Identity Agent as the emulator's edge serves it: <c>GET /_piksel/pod-identity-agent/v1/credentials</c>
/// with the pod's projected token (audience <c>pods.eks.amazonaws.com</c>) as the raw <c>Authorization</c> header, as the
/// AWS SDKs' container credential provider sends it from <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>. The cluster is
/// the one whose OIDC issuer is the token's <c>iss</c>; the token is then verified in full by <see cref="PodIdentityExchange"/>,
/// as AssumeRoleForPodIdentity does. It answers as the agent does: 200 with
/// <c>{"AccessKeyId","SecretAccessKey","Token","AccountId","Expiration"}</c>, or <c>{"message"}</c> with 400 (missing or
/// oversized token), 401 (invalid or expired token), 403 (the role does not trust Pod Identity) or 404 (no association,
/// or no cluster for the issuer). The token is never echoed.
/// </summary>
public sealed class PodIdentityAgentEndpoint
{
    /// <summary>The path under which the agent is served.</summary>
    public const string Path = "/_piksel/pod-identity-agent";

    /// <summary>The credentials path, as the agent's <c>http://169.254.170.23/v1/credentials</c>.</summary>
    public const string CredentialsPath = Path + "/v1/credentials";

    private readonly EmulatorState state;
    private readonly PodIdentityExchange exchange;

    internal PodIdentityAgentEndpoint(EmulatorState state, PodIdentityExchange exchange)
    {
        this.state = state;
        this.exchange = exchange;
    }

    /// <summary>Serves one request under <see cref="Path"/>.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path.Value?.TrimEnd('/') ?? "";
        if (!string.Equals(path, CredentialsPath, StringComparison.Ordinal))
        {
            await WriteErrorAsync(http, HttpStatusCode.NotFound, $"No agent endpoint at {path}; use GET {CredentialsPath}.");
            return;
        }
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET";
            await WriteErrorAsync(http, HttpStatusCode.MethodNotAllowed, $"{http.Request.Method} is not allowed on {path}.");
            return;
        }

        try
        {
            var authorization = http.Request.Headers.Authorization;
            var token = PodIdentityExchange.RequireToken(authorization.Count == 1 ? authorization[0] : null);
            var issuer = UnverifiedIssuer(token) ?? throw EksAuthErrors.InvalidToken("The token is not a service-account token.");
            var cluster = exchange.Eks.FindClusterByIssuer(issuer)
                ?? throw EksAuthErrors.NotFound("No cluster found for the token's issuer.");
            var facts = new RequestFacts(http.Connection.RemoteIpAddress ?? IPAddress.Loopback, http.Request.IsHttps, cluster.Region, state.Time.GetUtcNow());
            var session = (await exchange.ExchangeAsync(cluster, token, facts)).Session;
            await WriteAsync(http, HttpStatusCode.OK, new JsonObject
            {
                ["AccessKeyId"] = session.AccessKeyId,
                ["SecretAccessKey"] = session.SecretAccessKey,
                ["Token"] = session.SessionToken,
                ["AccountId"] = session.AccountId,
                ["Expiration"] = session.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }
        catch (AwsServiceException e)
        {
            await WriteErrorAsync(http, StatusOf(e.Code), e.Message);
        }
    }

    /// <summary>The agent's status for EKS Auth's error.</summary>
    private static HttpStatusCode StatusOf(string code) => code switch
    {
        "InvalidTokenException" or "ExpiredTokenException" => HttpStatusCode.Unauthorized,
        "AccessDeniedException" => HttpStatusCode.Forbidden,
        "ResourceNotFoundException" => HttpStatusCode.NotFound,
        _ => HttpStatusCode.BadRequest,
    };

    /// <summary>
    /// The <c>iss</c> claim of a JWT's payload, read without verifying: it only picks the cluster whose key then verifies
    /// the whole token. Null when the token is not a JWT with a string issuer.
    /// </summary>
    internal static string? UnverifiedIssuer(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0) return null;
        try
        {
            var payload = Convert.FromBase64String(Base64(parts[1]));
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("iss", out var iss)
                && iss.ValueKind == JsonValueKind.String
                ? iss.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Base64url to padded base64.</summary>
    private static string Base64(string segment)
    {
        var text = segment.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    private static Task WriteErrorAsync(HttpContext http, HttpStatusCode status, string message) =>
        WriteAsync(http, status, new JsonObject { ["message"] = message });

    private static Task WriteAsync(HttpContext http, HttpStatusCode status, JsonObject body)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }
}
