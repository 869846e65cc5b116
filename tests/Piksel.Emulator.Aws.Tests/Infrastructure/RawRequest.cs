using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Tests.Infrastructure;

/// <summary>
/// One hand-made request to the emulator: any method, raw path and query, headers and body bytes (invalid UTF-8,
/// lone surrogates, control characters: what no SDK would send), signed with SigV4 the way the SDKs sign
/// (<see cref="Sign"/>) or sent as it is. <see cref="SendAsync"/> returns the status and the body.
/// </summary>
internal sealed record RawRequest
{
    public required string Method { get; init; }
    /// <summary>Path and query as they go on the wire (already percent-encoded where needed).</summary>
    public string PathAndQuery { get; init; } = "/";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public byte[] Body { get; init; } = [];

    /// <summary>A form POST of an awsQuery/ec2 action: <paramref name="form"/> is the raw body (so bad encodings survive).</summary>
    public static RawRequest Query(string form) => new()
    {
        Method = "POST",
        Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" },
        Body = Encoding.UTF8.GetBytes(form),
    };

    /// <summary>An awsJson1.1 POST with <c>X-Amz-Target: target</c> and the raw <paramref name="body"/>.</summary>
    public static RawRequest Json(string target, byte[] body) => new()
    {
        Method = "POST",
        Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1", ["X-Amz-Target"] = target },
        Body = body,
    };

    /// <summary>An awsJson1.1 POST with a UTF-8 text body.</summary>
    public static RawRequest Json(string target, string body) => Json(target, Encoding.UTF8.GetBytes(body));

    /// <summary>This request with one more header.</summary>
    public RawRequest With(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    /// <summary>
    /// This request signed for <paramref name="service"/> at <paramref name="at"/> with Host, X-Amz-Date, the body's
    /// SHA-256 (as x-amz-content-sha256 for S3) and every header it already has signed.
    /// </summary>
    public RawRequest Sign(Uri endpoint, string service, DateTimeOffset at, string accessKey = "test", string secret = "test", string region = "us-east-1")
    {
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(Body));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Headers) headers[name.ToLowerInvariant()] = value;
        headers["host"] = $"{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        headers["x-amz-date"] = amzDate;
        if (service == "s3" && !headers.ContainsKey("x-amz-content-sha256")) headers["x-amz-content-sha256"] = bodyHash;
        var payloadHash = headers.TryGetValue("x-amz-content-sha256", out var declared) ? declared : bodyHash;

        var q = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? PathAndQuery : PathAndQuery[..q];
        var query = q < 0 ? "" : PathAndQuery[(q + 1)..];
        var canonicalPath = service == "s3" ? path : string.Join('/', path.Split('/').Select(Encode));
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0].Replace('+', ' '))), Value: p.Length > 1 ? Encode(Uri.UnescapeDataString(p[1].Replace('+', ' '))) : ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"{Method}\n{canonicalPath}\n{canonicalQuery}\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));

        var signed = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase)
        {
            ["X-Amz-Date"] = amzDate,
            ["Authorization"] = $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}",
        };
        if (service == "s3") signed["x-amz-content-sha256"] = payloadHash;
        return this with { Headers = signed };
    }

    /// <summary>
    /// This request as a presigned URL (signed headers: host; payload: UNSIGNED-PAYLOAD for S3, the empty body's hash
    /// elsewhere) dated <paramref name="at"/>, with <paramref name="expires"/> as X-Amz-Expires verbatim (null: none)
    /// and <paramref name="extra"/> query parameters added before signing (a test can put any X-Amz-* there).
    /// </summary>
    public RawRequest Presign(Uri endpoint, string service, DateTimeOffset at, string? expires, string accessKey = "test", string secret = "test",
        string region = "us-east-1", IReadOnlyDictionary<string, string>? extra = null)
    {
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-Amz-Algorithm"] = "AWS4-HMAC-SHA256",
            ["X-Amz-Credential"] = $"{accessKey}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-SignedHeaders"] = "host",
        };
        if (expires is not null) parameters["X-Amz-Expires"] = expires;
        foreach (var (name, value) in extra ?? new Dictionary<string, string>()) parameters[name] = value;
        var q = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? PathAndQuery : PathAndQuery[..q];
        var existing = q < 0 ? "" : PathAndQuery[(q + 1)..];
        var query = string.Join('&', existing.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Concat(parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        var canonicalPath = service == "s3" ? path : string.Join('/', path.Split('/').Select(Encode));
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: p.Length > 1 ? Encode(Uri.UnescapeDataString(p[1])) : ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        var payload = service == "s3" ? "UNSIGNED-PAYLOAD" : Convert.ToHexStringLower(SHA256.HashData([]));
        var canonical = $"{Method}\n{canonicalPath}\n{canonicalQuery}\nhost:{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}\n\nhost\n{payload}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        return this with { PathAndQuery = $"{path}?{query}&X-Amz-Signature={signature}" };
    }

    /// <summary>Sends the request as it is; returns the status, the response headers and the body.</summary>
    public async Task<RawResponse> SendAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(endpoint, PathAndQuery)) { Content = new ByteArrayContent(Body) };
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                request.Content.Headers.TryAddWithoutValidation(name, value);
            else
                request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new RawResponse((int)response.StatusCode, headers, body);
    }

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

/// <summary>What the emulator answered to a <see cref="RawRequest"/>.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{Status} {Text}";
}
