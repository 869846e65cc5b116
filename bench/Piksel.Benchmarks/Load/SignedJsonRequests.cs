using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// awsJson1.1 requests (POST / with X-Amz-Target) signed with SigV4 in the header form, one signature per request as
/// an SDK makes it: the body's hash, the canonical request, the scope's signing key and the signature are computed
/// for every call; only the URI, body and fixed header values are made once.
/// </summary>
internal sealed class SignedJsonRequests(Uri endpoint, string service, string target, byte[] body, string accessKeyId, string secretAccessKey, TimeProvider time)
{
    private const string ContentType = "application/x-amz-json-1.1";
    private const string SignedHeaders = "content-type;host;x-amz-date;x-amz-target";
    private const string Region = "us-east-1";

    private readonly string host = endpoint.Authority;

    /// <summary>A new signed request (HTTP/1.1), dated now.</summary>
    public HttpRequestMessage Create()
    {
        var amzDate = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var canonical = $"POST\n/\n\ncontent-type:{ContentType}\nhost:{host}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n\n{SignedHeaders}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var scope = $"{date}/{Region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date), Region), service), "aws4_request");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}");
        return request;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
