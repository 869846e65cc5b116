using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// Issues and validates service-account tokens: compact RS256 JWTs signed by <see cref="SigningKey"/>, with the claims
/// of <c>pkg/serviceaccount/claims.go</c> and the <c>iss</c> of the cluster's (EKS-style) issuer.
/// </summary>
public sealed partial class ServiceAccountTokens
{
    private readonly ApiServerState state;
    private readonly Task<SigningKey> key;

    /// <summary>Starts making (or loading) the signing key in the background: RSA generation takes tens of milliseconds, start-up should not wait for it.</summary>
    public ServiceAccountTokens(ApiServerState state)
    {
        this.state = state;
        var pki = state.Options.DataDirectory is { } d ? Path.Combine(d, "pki") : null;
        key = Task.Run(() => SigningKey.LoadOrCreate(pki));
        state.TrackBackground(key);
    }

    /// <summary>The signing key, once it is ready.</summary>
    public Task<SigningKey> KeyAsync() => key;

    /// <summary>The token issuer (<c>iss</c>).</summary>
    public string Issuer => state.Issuer;

    /// <summary>The API server's own audiences (<c>--api-audiences</c>, which defaults to the issuer).</summary>
    public IReadOnlyList<string> ApiAudiences => [state.Issuer];

    /// <summary>Signs a token carrying <paramref name="claims"/> and a fresh <c>jti</c>.</summary>
    public async Task<string> IssueAsync(ServiceAccountClaims claims)
    {
        var signingKey = await key;
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = signingKey.KeyId };
        var iat = claims.IssuedAt.ToUnixTimeSeconds();
        var kubernetes = new JsonObject { ["namespace"] = claims.Namespace };
        // Go writes the private claim through a map, so its keys come out sorted.
        if (claims.Pod is { } pod) kubernetes["pod"] = Ref(pod);
        if (claims.Secret is { } secret) kubernetes["secret"] = Ref(secret);
        kubernetes["serviceaccount"] = Ref(claims.ServiceAccount);
        if (claims.WarnAfterSeconds != 0) kubernetes["warnafter"] = iat + claims.WarnAfterSeconds;
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray([.. claims.Audiences.Select(a => (JsonNode)a)]),
            ["exp"] = iat + claims.ExpirationSeconds,
            ["iat"] = iat,
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = iat,
            ["sub"] = claims.Subject,
        };
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = signingKey.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static JsonObject Ref(ObjectRef r) => new() { ["name"] = r.Name, ["uid"] = r.Uid };

    private static string Encode(JsonObject part) =>
        Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(part, StoredObject.WireOptions));
}
