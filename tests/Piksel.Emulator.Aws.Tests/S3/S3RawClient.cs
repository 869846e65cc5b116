using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>
/// Sends hand-made, SigV4-signed S3 requests (path-style) for what the .NET SDK cannot send here: CRC32C needs the CRT
/// package, and aws-chunked framing must be tested byte for byte (signed chunks, trailers, bad trailers).
/// </summary>
internal sealed class S3RawClient(EmulatorFixture fixture, string accessKey = "test", string secret = "test", string region = "us-east-1") : IDisposable
{
    private readonly HttpClient http = new();

    public static string Hex(byte[] data) => Convert.ToHexStringLower(data);

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    public byte[] SigningKey(string date) => Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), "s3"), "aws4_request");

    public string Scope(string date) => $"{date}/{region}/s3/aws4_request";

    /// <summary>Signs and sends; <paramref name="contentSha"/> is the x-amz-content-sha256 value; returns the response and the seed signature.</summary>
    public async Task<(HttpResponseMessage Response, string Seed)> SendAsync(HttpMethod method, string path, byte[] body, string contentSha,
        IDictionary<string, string>? headers = null, Func<string, string, string, byte[]>? bodyFromSeed = null)
    {
        var uri = new Uri(fixture.ServiceUrl + path);
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = $"{uri.Host}:{uri.Port}",
            ["x-amz-content-sha256"] = contentSha,
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) signed[name.ToLowerInvariant()] = value;
        var signedHeaders = string.Join(';', signed.Keys);
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: p.Length > 1 ? Uri.EscapeDataString(Uri.UnescapeDataString(p[1])) : ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var canonical = $"{method.Method}\n{uri.AbsolutePath}\n{query}\n{string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{contentSha}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{Scope(date)}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(Hmac(SigningKey(date), stringToSign));
        if (bodyFromSeed is not null) body = bodyFromSeed(signature, amzDate, date);

        using var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in signed)
        {
            if (name == "host") continue;
            if (name.StartsWith("content-", StringComparison.Ordinal)) request.Content.Headers.TryAddWithoutValidation(name, value);
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{Scope(date)}, SignedHeaders={signedHeaders}, Signature={signature}");
        return (await http.SendAsync(request, TestContext.Current.CancellationToken), signature);
    }

    /// <summary>A signed GET; returns the status and the error code of the body (empty when none).</summary>
    public async Task<(HttpStatusCode Status, string Code)> GetErrorAsync(string path)
    {
        var (response, _) = await SendAsync(HttpMethod.Get, path, [], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var match = System.Text.RegularExpressions.Regex.Match(body, "<Code>([^<]*)</Code>");
            return (response.StatusCode, match.Success ? match.Groups[1].Value : "");
        }
    }

    /// <summary>aws-chunked framing without signatures: chunks, the zero chunk, trailers, blank line.</summary>
    public static byte[] UnsignedChunks(byte[] data, int chunkSize, string trailer)
    {
        using var body = new MemoryStream();
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            var size = Math.Min(chunkSize, data.Length - offset);
            body.Write(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            body.Write(data, offset, size);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"0\r\n{trailer}\r\n\r\n"));
        return body.ToArray();
    }

    /// <summary>aws-chunked framing with a signature on every chunk, chained from the seed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD).</summary>
    public byte[] SignedChunks(byte[] data, int chunkSize, string seed, string amzDate, string date, bool corrupt = false)
    {
        const string emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        using var body = new MemoryStream();
        var previous = seed;
        var key = SigningKey(date);
        for (var offset = 0; ; offset += chunkSize)
        {
            var size = Math.Max(0, Math.Min(chunkSize, data.Length - offset));
            var chunk = data.AsSpan(Math.Min(offset, data.Length), size).ToArray();
            var signature = Hex(Hmac(key, $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{Scope(date)}\n{previous}\n{emptyHash}\n{Hex(SHA256.HashData(chunk))}"));
            if (corrupt && offset == 0) signature = new string('0', 64);
            body.Write(Encoding.ASCII.GetBytes($"{size:x};chunk-signature={signature}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
            previous = signature;
            if (size == 0) break;
        }
        return body.ToArray();
    }

    public void Dispose() => http.Dispose();
}
