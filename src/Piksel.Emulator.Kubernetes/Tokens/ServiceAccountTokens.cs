using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// Issues and validates service-account tokens: compact RS256 JWTs signed by <see cref="SigningKey"/>, with the claims
/// of <c>pkg/serviceaccount/claims.go</c> and the <c>iss</c> of the cluster's (EKS-style) issuer.
/// </summary>
public sealed class ServiceAccountTokens
{
    private readonly ServerContext context;
    private readonly Task<SigningKey> key;

    /// <summary>Starts making (or loading) the signing key in the background: RSA generation takes tens of milliseconds, start-up should not wait for it.</summary>
    public ServiceAccountTokens(ServerContext context)
    {
        this.context = context;
        var pki = context.Options.DataDirectory is { } d ? Path.Combine(d, "pki") : null;
        key = Task.Run(() => SigningKey.LoadOrCreate(pki, context.MasterKey));
        context.TrackBackground(key);
    }

    /// <summary>The signing key, once it is ready.</summary>
    public Task<SigningKey> KeyAsync() => key;

    /// <summary>The token issuer (<c>iss</c>).</summary>
    public string Issuer => context.Issuer;

    /// <summary>The API server's own audiences (<c>--api-audiences</c>, which defaults to the issuer).</summary>
    public IReadOnlyList<string> ApiAudiences => [context.Issuer];

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

    /// <summary>go-jose's default clock skew allowance, which the API server's validator inherits.</summary>
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Checks a token as the API server's service-account authenticator does: our issuer and key, not expired (one
    /// minute of leeway), valid for one of <paramref name="audiences"/> (default: the API audiences), and its service
    /// account — and bound pod or secret — still there with the same uid.
    /// </summary>
    public async Task<TokenAuthentication> ValidateAsync(string token, IReadOnlyList<string>? audiences = null)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return new(null, [], "invalid bearer token");
        JsonObject header, payload;
        byte[] signature;
        try
        {
            header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject ?? throw new FormatException();
            payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject ?? throw new FormatException();
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return new(null, [], "invalid bearer token");
        }
        // Tokens of another issuer are not ours to judge (the real server would try its other authenticators).
        if (Text(payload, "iss") != Issuer) return new(null, [], "invalid bearer token");

        var signingKey = await key;
        if (Text(header, "alg") != "RS256"
            || (Text(header, "kid") is { } kid && kid != signingKey.KeyId)
            || !signingKey.Rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return TokenAuthentication.Fail("go-jose/go-jose: error in cryptographic primitive");
        }

        var now = context.Time.GetUtcNow();
        if (Seconds(payload, "exp") is { } exp && now - Leeway > exp) return TokenAuthentication.Fail("service account token has expired");
        if (Seconds(payload, "nbf") is { } nbf && now + Leeway < nbf) return TokenAuthentication.Fail("service account token is not valid yet");

        var tokenAudiences = payload["aud"] switch
        {
            JsonArray a => a.Select(x => x?.GetValue<string>() ?? "").ToList(),
            JsonValue v when v.TryGetValue<string>(out var single) => [single],
            _ => [],
        };
        var wanted = audiences is { Count: > 0 } ? audiences : ApiAudiences;
        var valid = tokenAudiences.Where(wanted.Contains).Distinct().ToList();
        if (valid.Count == 0)
            return TokenAuthentication.Fail($"token audiences {GoQuoted(tokenAudiences)} is invalid for the target audiences {GoQuoted(wanted)}");

        var k8s = payload["kubernetes.io"] as JsonObject;
        var ns = Text(k8s, "namespace") ?? "";
        var sa = Ref(k8s, "serviceaccount");
        if (ns.Length == 0 || sa is null) return TokenAuthentication.Fail("service account token claims could not be validated due to unexpected private claim");
        var deletedBefore = now - Leeway;

        var account = context.Store.Get(BuiltInResources.ServiceAccounts, ns, sa.Name);
        if (account is null) return TokenAuthentication.Fail($"serviceaccounts \"{sa.Name}\" not found");
        if (DeletedBefore(account.View, deletedBefore)) return TokenAuthentication.Fail($"service account {ns}/{sa.Name} has been deleted");
        var accountUid = Text(account.View["metadata"] as JsonObject, "uid");
        if (accountUid != sa.Uid) return TokenAuthentication.Fail($"service account UID ({accountUid}) does not match claim ({sa.Uid})");

        if (Ref(k8s, "secret") is { } secretRef)
        {
            var secret = context.Store.Get(BuiltInResources.Secrets, ns, secretRef.Name);
            if (secret is null || DeletedBefore(secret.View, deletedBefore)) return TokenAuthentication.Fail("service account token has been invalidated");
            var uid = Text(secret.View["metadata"] as JsonObject, "uid");
            if (uid != secretRef.Uid) return TokenAuthentication.Fail($"secret UID ({uid}) does not match service account secret ref claim ({secretRef.Uid})");
        }
        var podRef = Ref(k8s, "pod");
        if (podRef is not null)
        {
            var pod = context.Store.Get(BuiltInResources.Pods, ns, podRef.Name);
            if (pod is null || DeletedBefore(pod.View, deletedBefore)) return TokenAuthentication.Fail("service account token has been invalidated");
            var uid = Text(pod.View["metadata"] as JsonObject, "uid");
            if (uid != podRef.Uid) return TokenAuthentication.Fail($"pod UID ({uid}) does not match service account pod ref claim ({podRef.Uid})");
        }

        // Go writes user.Extra from a map: keys sorted.
        var extra = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Text(payload, "jti") is { Length: > 0 } jti) extra[ServiceAccountUser.CredentialIdKey] = [$"JTI={jti}"];
        if (podRef is not null)
        {
            extra[ServiceAccountUser.PodNameKey] = [podRef.Name];
            extra[ServiceAccountUser.PodUidKey] = [podRef.Uid];
        }
        var user = new UserInfo(ServiceAccountUser.Name(ns, sa.Name), sa.Uid, ServiceAccountUser.Groups(ns), extra);
        return new TokenAuthentication(user, valid, null);
    }

    private static string? Text(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTimeOffset? Seconds(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<double>(out var s) ? DateTimeOffset.FromUnixTimeSeconds((long)s) : null;

    private static ObjectRef? Ref(JsonObject? o, string name) =>
        o?[name] is JsonObject r && Text(r, "name") is { } n ? new ObjectRef(n, Text(r, "uid") ?? "") : null;

    private static bool DeletedBefore(JsonObject obj, DateTimeOffset limit) =>
        obj["metadata"]?["deletionTimestamp"]?.GetValue<string>() is { } when
        && DateTimeOffset.Parse(when, CultureInfo.InvariantCulture) < limit;

    /// <summary>Go's <c>%q</c> of a string slice: <c>["a" "b"]</c>.</summary>
    private static string GoQuoted(IEnumerable<string> values) =>
        "[" + string.Join(' ', values.Select(v => System.Text.Json.JsonSerializer.Serialize(v))) + "]";
}
