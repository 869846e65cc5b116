using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>
/// Reads and checks AWS Signature Version 4 on a request, in the Authorization header or in a presigned query string,
/// against the keys the emulator issued. Any region is accepted in the scope: behind a custom endpoint SDKs sign
/// with their configured region even for global services such as IAM (which AWS itself signs for us-east-1).
/// </summary>
public sealed class SigV4Verifier(CredentialStore credentials, TimeProvider time, TimeSpan allowedSkew)
{
    private static readonly string[] AuthorizationFields = ["Credential", "SignedHeaders", "Signature"];

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly string EmptyHash = Convert.ToHexStringLower(SHA256.HashData([]));

    /// <summary>Finds the signature on a request; null when it is unsigned. Throws <see cref="SigV4FormatException"/> when it is there but unreadable.</summary>
    public static SigV4Signature? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (!header.StartsWith(Algorithm, StringComparison.Ordinal))
                throw new SigV4FormatException(AuthFailureKind.IncompleteSignature, $"Unsupported Authorization header: only {Algorithm} is accepted.");
            var fields = header[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            var missing = AuthorizationFields.Where(k => !fields.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                throw new SigV4FormatException(AuthFailureKind.IncompleteSignature,
                    $"Authorization header requires {string.Join(", ", missing.Select(m => $"'{m}'"))} parameter(s). Authorization={header[..Math.Min(header.Length, 40)]}…");
            }

            var timeText = request.Headers["X-Amz-Date"].ToString() is { Length: > 0 } amz ? amz : request.Headers.Date.ToString();
            return Build(SignatureLocation.Header, fields["Credential"], fields["SignedHeaders"], fields["Signature"], timeText,
                request.Headers["X-Amz-Security-Token"].ToString(), null);
        }

        var query = request.Query;
        if (!query.ContainsKey("X-Amz-Signature") && !query.ContainsKey("X-Amz-Credential")) return null;
        if (query["X-Amz-Algorithm"].ToString() != Algorithm)
            throw new SigV4FormatException(AuthFailureKind.IncompleteSignature, $"X-Amz-Algorithm must be {Algorithm}.");
        foreach (var name in new[] { "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date" })
        {
            if (string.IsNullOrEmpty(query[name]))
                throw new SigV4FormatException(AuthFailureKind.IncompleteSignature, $"Query-string authentication requires the {name} parameter.");
        }

        int? expires = int.TryParse(query["X-Amz-Expires"], CultureInfo.InvariantCulture, out var e) ? e : null;
        return Build(SignatureLocation.Query, query["X-Amz-Credential"]!, query["X-Amz-SignedHeaders"]!, query["X-Amz-Signature"]!,
            query["X-Amz-Date"]!, query["X-Amz-Security-Token"].ToString(), expires);
    }

    private static SigV4Signature Build(SignatureLocation location, string credential, string signedHeaders, string signature, string timeText, string token, int? expires)
    {
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[1].Length != 8)
        {
            throw new SigV4FormatException(AuthFailureKind.IncompleteSignature,
                $"Credential should be scoped to a valid region and service, as 'AKID/YYYYMMDD/region/service/aws4_request'; got '{string.Join('/', scope.Skip(1))}'.");
        }

        if (string.IsNullOrEmpty(timeText))
            throw new SigV4FormatException(AuthFailureKind.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        return new SigV4Signature
        {
            Location = location,
            AccessKeyId = scope[0],
            ScopeDate = scope[1],
            Region = scope[2],
            Service = scope[3],
            SignedHeaders = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries),
            Signature = signature,
            RequestTime = SigV4Signature.ParseTime(timeText),
            RequestTimeText = timeText,
            SecurityToken = string.IsNullOrEmpty(token) ? null : token,
            ExpiresSeconds = expires,
        };
    }

    /// <summary>Checks <paramref name="signature"/> against <paramref name="request"/> and its buffered body; returns the caller or throws <see cref="SigV4FormatException"/>.</summary>
    public Principal Verify(HttpRequest request, ReadOnlySpan<byte> body, SigV4Signature signature)
    {
        var resolved = credentials.Resolve(signature.AccessKeyId)
            ?? throw new SigV4FormatException(AuthFailureKind.InvalidClientTokenId, "The security token included in the request is invalid.");
        if (!resolved.Active)
            throw new SigV4FormatException(AuthFailureKind.InactiveKey, "The AWS Access Key Id you provided is inactive.");

        var now = time.GetUtcNow();
        if (signature.RequestTime is not { } at)
            throw new SigV4FormatException(AuthFailureKind.IncompleteSignature, $"Unable to parse the request time '{signature.RequestTimeText}'.");
        if (signature.Location == SignatureLocation.Header && (at - now).Duration() > allowedSkew)
        {
            throw new SigV4FormatException(AuthFailureKind.RequestExpired,
                $"Signature expired: {signature.RequestTimeText} is now earlier than {(now - allowedSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - {allowedSkew.TotalMinutes:0} min.)");
        }

        if (signature.Location == SignatureLocation.Query)
        {
            if (at - now > allowedSkew)
                throw new SigV4FormatException(AuthFailureKind.RequestExpired, "Request is not yet valid.");
            if (signature.ExpiresSeconds is { } seconds && now > at.AddSeconds(seconds))
                throw new SigV4FormatException(AuthFailureKind.PresignedUrlExpired, "Request has expired");
        }

        var expected = ComputeSignature(request, body, signature, resolved.SecretAccessKey, out var bodyMismatch);
        if (!expected.Any(e => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(e), Encoding.ASCII.GetBytes(signature.Signature))))
        {
            throw new SigV4FormatException(AuthFailureKind.SignatureDoesNotMatch,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        if (bodyMismatch)
            throw new SigV4FormatException(AuthFailureKind.ContentSha256Mismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.");

        if (resolved.SessionToken is not null)
        {
            if (signature.SecurityToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signature.SecurityToken), Encoding.UTF8.GetBytes(resolved.SessionToken)))
                throw new SigV4FormatException(AuthFailureKind.InvalidToken, "The security token included in the request is invalid.");
            if (resolved.Expiration is { } expiry && now >= expiry)
                throw new SigV4FormatException(AuthFailureKind.ExpiredToken, "The security token included in the request is expired");
        }
        else if (signature.SecurityToken is not null)
        {
            throw new SigV4FormatException(AuthFailureKind.InvalidToken, "The security token included in the request is invalid.");
        }

        return resolved.Principal;
    }

    /// <summary>The signatures a correct signer could have made (more than one only where the payload hash convention differs between presigners).</summary>
    private static List<string> ComputeSignature(HttpRequest request, ReadOnlySpan<byte> body, SigV4Signature signature, string secret, out bool bodyMismatch)
    {
        bodyMismatch = false;
        var payloadHashes = new List<string>();
        var declared = request.Headers["x-amz-content-sha256"].ToString();
        if (declared.Length > 0)
        {
            payloadHashes.Add(declared);
            if (declared.Length == 64 && !declared.StartsWith("STREAMING", StringComparison.Ordinal))
                bodyMismatch = !string.Equals(declared, Convert.ToHexStringLower(SHA256.HashData(body)), StringComparison.OrdinalIgnoreCase);
        }
        else if (signature.Location == SignatureLocation.Query)
        {
            // S3 presigned URLs sign UNSIGNED-PAYLOAD; other services' presigners (e.g. the STS GetCallerIdentity
            // URL in an EKS token) hash the empty body.
            payloadHashes.Add("UNSIGNED-PAYLOAD");
            payloadHashes.Add(EmptyHash);
        }
        else
        {
            payloadHashes.Add(Convert.ToHexStringLower(SHA256.HashData(body)));
        }

        var canonicalUri = CanonicalUri(request, signature.Service);
        var canonicalQuery = CanonicalQuery(request.QueryString.Value, signature.Location == SignatureLocation.Query);
        var headers = new StringBuilder();
        foreach (var name in signature.SignedHeaders)
        {
            var value = name == "host" ? request.Host.Value : string.Join(",", request.Headers[name].Select(v => v ?? ""));
            headers.Append(name).Append(':').Append(CollapseSpaces(value ?? "")).Append('\n');
        }
        var signedHeaders = string.Join(';', signature.SignedHeaders);
        var key = SigningKey(secret, signature.ScopeDate, signature.Region, signature.Service);

        var results = new List<string>(payloadHashes.Count);
        foreach (var payloadHash in payloadHashes)
        {
            var canonicalRequest = $"{request.Method}\n{canonicalUri}\n{canonicalQuery}\n{headers}\n{signedHeaders}\n{payloadHash}";
            var stringToSign = $"{Algorithm}\n{signature.RequestTimeText}\n{signature.Scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
            results.Add(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign))));
        }
        return results;
    }

    /// <summary>The SigV4 signing key: HMAC chain over date, region, service and "aws4_request".</summary>
    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8.ToArray());
    }

    private static string CanonicalUri(HttpRequest request, string service)
    {
        // The raw path as sent (still percent-encoded once). S3 signs it as is; every other service
        // encodes each segment once more.
        var raw = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var q = raw.IndexOf('?');
        var path = q >= 0 ? raw[..q] : raw;
        if (path.Length == 0) path = "/";
        if (service == "s3") return path;
        return string.Join('/', path.Split('/').Select(segment => Encode(segment)));
    }

    private static string CanonicalQuery(string? queryString, bool presigned)
    {
        if (string.IsNullOrEmpty(queryString) || queryString == "?") return "";
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            if (presigned && key == "X-Amz-Signature") continue;
            pairs.Add((Encode(key), Encode(value)));
        }
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>SigV4's URI encoding: everything but A–Z a–z 0–9 - _ . ~ as upper-case %XX.</summary>
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal)) return trimmed;
        var sb = new StringBuilder(trimmed.Length);
        var space = false;
        foreach (var c in trimmed)
        {
            if (c == ' ') { if (!space) sb.Append(c); space = true; }
            else { sb.Append(c); space = false; }
        }
        return sb.ToString();
    }
}

/// <summary>A signature that is missing, unreadable or wrong.</summary>
public sealed class SigV4FormatException(AuthFailureKind kind, string message) : Exception(message)
{
    /// <summary>What went wrong.</summary>
    public AuthFailureKind Kind { get; } = kind;
}
