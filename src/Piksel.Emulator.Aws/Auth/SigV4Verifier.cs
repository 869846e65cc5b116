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
    private static readonly string EmptyHash = Convert.ToHexStringLower(SHA256.HashData([]));

    /// <summary>S3, STS and EC2 allow 15 minutes between the request time and the clock; the other services five.</summary>
    private static readonly TimeSpan WideSkew = TimeSpan.FromMinutes(15);

    private static readonly HashSet<string> WideSkewServices = new(["s3", "sts", "ec2"], StringComparer.Ordinal);

    /// <summary>
    /// Finds the signature on a request (the Authorization header first, then a presigned query); null when it is
    /// unsigned. Throws <see cref="SigV4FormatException"/> when it is there but unreadable, in S3's words when
    /// <paramref name="s3"/> is true (the request goes to S3), else in the query and JSON services' words.
    /// </summary>
    public static SigV4Signature? Read(HttpRequest request, bool s3)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            return SigV4HeaderParser.Parse(header, request.Headers["X-Amz-Date"].ToString(), request.Headers.Date.ToString(),
                request.Headers["X-Amz-Security-Token"].ToString(), s3);
        }

        return SigV4QueryParser.Parse(request.Query, s3);
    }

    /// <summary>Finds the signature on a request, read in the words of the service its credential scope names.</summary>
    public static SigV4Signature? Read(HttpRequest request) => Read(request, ScopeService(request) == "s3");

    /// <summary>
    /// The service a request's credential scope names, read leniently so the request can be routed before its
    /// signature is checked (and its faults answered in that service's protocol); null when it names none.
    /// </summary>
    public static string? ScopeService(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            var at = header.IndexOf("Credential=", StringComparison.Ordinal);
            if (at < 0) return null;
            var value = header[(at + "Credential=".Length)..];
            var end = value.IndexOfAny([',', ' ']);
            return CredentialScope.ServiceOf(end < 0 ? value : value[..end]);
        }

        return request.Query["X-Amz-Credential"].ToString() is { Length: > 0 } credential ? CredentialScope.ServiceOf(credential) : null;
    }

    /// <summary>How far a request signed for <paramref name="service"/> may stray from the clock.</summary>
    public TimeSpan SkewFor(string service) => WideSkewServices.Contains(service) && WideSkew > allowedSkew ? WideSkew : allowedSkew;

    /// <summary>Checks <paramref name="signature"/> against <paramref name="request"/> and its buffered body; returns the caller or throws <see cref="SigV4FormatException"/>.</summary>
    public Principal Verify(HttpRequest request, ReadOnlySpan<byte> body, SigV4Signature signature)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signature);
        var resolved = credentials.Resolve(signature.AccessKeyId)
            ?? throw new SigV4FormatException(AuthFailureKind.InvalidClientTokenId, "The security token included in the request is invalid.");
        if (!resolved.Active)
            throw new SigV4FormatException(AuthFailureKind.InactiveKey, "The AWS Access Key Id you provided is inactive.");

        CheckTime(signature);
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
            if (resolved.Expiration is { } expiry && time.GetUtcNow() >= expiry)
                throw new SigV4FormatException(AuthFailureKind.ExpiredToken, "The security token included in the request is expired");
        }
        else if (signature.SecurityToken is not null)
        {
            throw new SigV4FormatException(AuthFailureKind.InvalidToken, "The security token included in the request is invalid.");
        }

        return resolved.Principal;
    }

    /// <summary>
    /// A header signature must be within the service's window of the clock, either way. A presigned URL may not be
    /// dated beyond the window ahead, and lives X-Amz-Expires seconds from its date; one without X-Amz-Expires (only
    /// outside S3) is held to the window like a header.
    /// </summary>
    private void CheckTime(SigV4Signature signature)
    {
        var now = time.GetUtcNow();
        var window = SkewFor(signature.S3 ? "s3" : signature.Service);
        if (signature.RequestTime is not { } at)
            throw SigV4Errors.Incomplete($"Date must be in ISO-8601 'basic format'. Got '{signature.RequestTimeText}'. See http://en.wikipedia.org/wiki/ISO_8601");
        if (signature.Location == SignatureLocation.Query && signature.ExpiresSeconds is { } seconds)
        {
            if (at - now > window) throw SigV4Errors.NotYetValid(signature, now);
            if (now > at.AddSeconds(seconds)) throw SigV4Errors.Expired(signature, at.AddSeconds(seconds), now);
            return;
        }

        if ((at - now).Duration() > window) throw SigV4Errors.Skewed(signature, now, window);
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
            var stringToSign = $"{SigV4HeaderParser.Algorithm}\n{signature.RequestTimeText}\n{signature.Scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
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
