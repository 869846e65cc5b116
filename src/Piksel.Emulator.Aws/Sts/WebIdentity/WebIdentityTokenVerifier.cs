using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Sts.WebIdentity;

/// <summary>
/// Verifies a web identity token the way STS does: a JWS signed with RS256/384/512 or ES256/384/512 by a key the
/// issuer publishes, an issuer registered as an OIDC provider in the role's account, an audience among the
/// provider's client ids, and exp/nbf/iat against the emulator's clock.
/// </summary>
internal sealed class WebIdentityTokenVerifier(OidcKeySource keys) : IDisposable
{
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>How far iat/nbf may lie ahead of the clock (issuer and STS clocks drift a little).</summary>
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler handler = new();

    /// <inheritdoc />
    public void Dispose() => keys.Dispose();

    /// <summary>Checks <paramref name="token"/> for a role in <paramref name="accountId"/>; throws STS's error when it fails.</summary>
    public async Task<VerifiedWebIdentity> VerifyAsync(string token, string accountId, IamStore iam, TimeProvider time, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        JsonElement claims;
        try
        {
            jwt = new JsonWebToken(token);
            using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
            claims = payload.RootElement.Clone();
            Protocol.JsonProtocol.CheckStrings(claims);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException or InvalidOperationException)
        {
            throw StsErrors.InvalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
        }
        if (jwt.IsEncrypted || claims.ValueKind != JsonValueKind.Object)
            throw StsErrors.InvalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");

        var issuer = String(claims, "iss") ?? throw Missing("iss");
        // A provider created a moment ago is not known to STS until IAM has propagated it.
        var provider = iam.Effective.FindOidcProviderByIssuer(accountId, issuer)
            ?? throw StsErrors.InvalidIdentityToken($"No OpenIDConnect provider found in your account for {issuer}");

        await VerifySignatureAsync(jwt, token, issuer, provider, cancellationToken);

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var exp = NumericDate(claims, "exp") ?? throw Missing("exp");
        if (exp <= now)
            throw StsErrors.ExpiredToken($"Token expired: current date/time {now} must be before the expiration date/time {exp}");
        if (NumericDate(claims, "nbf") is { } nbf && nbf > now + (long)Leeway.TotalSeconds)
            throw StsErrors.InvalidIdentityToken($"Token is not yet valid: current date/time {now} must be after the not-before date/time {nbf}");
        if (NumericDate(claims, "iat") is { } iat && iat > now + (long)Leeway.TotalSeconds)
            throw StsErrors.InvalidIdentityToken($"Token was issued in the future: issued-at date/time {iat} is after the current date/time {now}");

        var audiences = Strings(claims, "aud");
        if (audiences.Count == 0) throw Missing("aud");
        var audience = audiences.FirstOrDefault(a => provider.ClientIds.Contains(a, StringComparer.Ordinal))
            ?? throw StsErrors.InvalidIdentityToken("Incorrect token audience");
        var subject = String(claims, "sub") ?? throw Missing("sub");

        return new VerifiedWebIdentity
        {
            Provider = provider,
            Issuer = issuer,
            Subject = subject,
            Audience = audience,
            Audiences = audiences,
            Claims = claims,
        };
    }

    private async Task VerifySignatureAsync(JsonWebToken jwt, string token, string issuer, OidcProviderRecord provider, CancellationToken cancellationToken)
    {
        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
            throw StsErrors.InvalidIdentityToken($"Unsupported signing algorithm '{jwt.Alg}': the token must be signed with RS256, RS384, RS512, ES256, ES384 or ES512.");

        var set = await keys.GetKeysAsync(issuer, provider.Thumbprints, refresh: false, cancellationToken);
        var candidates = Candidates(set, jwt.Kid);
        if (candidates.Count == 0)
            candidates = Candidates(await keys.GetKeysAsync(issuer, provider.Thumbprints, refresh: true, cancellationToken), jwt.Kid);
        // The issuer publishes no key with this kid: AWS cannot get a key to verify with.
        if (candidates.Count == 0) throw StsErrors.KeyRetrieval(transient: false);

        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = candidates,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireAudience = false,
            ValidateIssuerSigningKey = false,
        });
        if (!result.IsValid) throw StsErrors.InvalidIdentityToken("The web identity token's signature could not be verified with the issuer's keys.");
    }

    private static List<SecurityKey> Candidates(JsonWebKeySet set, string? kid) =>
        [.. set.GetSigningKeys().Where(k => string.IsNullOrEmpty(kid) || string.Equals(k.KeyId, kid, StringComparison.Ordinal))];

    private static Protocol.AwsServiceException Missing(string claim) => StsErrors.InvalidIdentityToken($"Missing a required claim: {claim}");

    private static string? String(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>A claim that may be one string or an array of strings (aud, amr).</summary>
    public static IReadOnlyList<string> Strings(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value)) return [];
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } one ? [one] : [],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
            _ => [],
        };
    }

    /// <summary>A NumericDate claim; STS requires whole seconds.</summary>
    private static long? NumericDate(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)) return seconds;
        throw StsErrors.InvalidIdentityToken($"Claim '{name}' must be an integer number of seconds.");
    }
}
