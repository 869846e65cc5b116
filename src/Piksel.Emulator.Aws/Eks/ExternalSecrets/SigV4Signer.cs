using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Piksel.Emulator.Aws.Auth;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>Session credentials from STS, as an SDK holds them, with the expiry STS reported.</summary>
internal sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);

/// <summary>
/// Signs an outgoing request with Signature Version 4 (header form), as the AWS SDKs do, so the emulated operator's
/// calls go through the edge router's verification and the policy engine like any other client's.
/// </summary>
internal static class SigV4Signer
{
    /// <summary>Adds <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> and <c>Authorization</c> to <paramref name="request"/>.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, SessionCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        request.Headers.Host = uri.Authority;
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.Add("X-Amz-Security-Token", credentials.SessionToken);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = amzDate,
            ["x-amz-security-token"] = credentials.SessionToken,
        };
        foreach (var (name, values) in request.Headers.Where(h => h.Key.StartsWith("X-Amz-Target", StringComparison.OrdinalIgnoreCase)))
            headers[name.ToLowerInvariant()] = string.Join(",", values).Trim();
        if (request.Content?.Headers.ContentType is { } contentType) headers["content-type"] = contentType.ToString();
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = string.Join('\n',
            request.Method.Method,
            uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath,
            "",
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = SigV4Verifier.SigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            $"Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }
}
