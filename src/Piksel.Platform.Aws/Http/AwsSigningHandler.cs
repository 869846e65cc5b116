using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Piksel.Platform.Aws.Http;

/// <summary>Signs each outgoing request with SigV4 using AWSSDK.Core's signer, for the services NuGet has no client for here.</summary>
public sealed class AwsSigningHandler(AWSCredentials credentials, string region, string service, TimeProvider? time = null)
    : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var identity = await credentials.GetCredentialsAsync();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var signedAt = time.GetUtcNow().UtcDateTime;
        var uri = request.RequestUri!;

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}",
            ["x-amz-date"] = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
        };
        if (request.Content?.Headers.ContentType is { } contentType) headers["content-type"] = contentType.ToString();
        if (request.Headers.TryGetValues("X-Amz-Target", out var target)) headers["x-amz-target"] = string.Join(",", target);
        if (identity.UseToken) headers["x-amz-security-token"] = identity.Token;

        var bodyHash = Convert.ToHexStringLower(AWS4Signer.ComputeHash(body));
        var sorted = headers.OrderBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', sorted.Select(h => h.Key.ToLowerInvariant()));
        var canonical = string.Join('\n',
            request.Method.Method,
            CanonicalPath(uri),
            CanonicalQuery(uri.Query),
            string.Concat(sorted.Select(h => $"{h.Key.ToLowerInvariant()}:{h.Value.Trim()}\n")),
            signedHeaders,
            bodyHash);
        var result = AWS4Signer.ComputeSignature(identity, region, signedAt, service, signedHeaders, canonical);

        // A retried request is signed anew: the previous attempt's signature goes first.
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("X-Amz-Security-Token");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", headers["x-amz-date"]);
        if (identity.UseToken) request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", identity.Token);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
        return await base.SendAsync(request, cancellationToken);
    }

    // Canonicalisation per SigV4 (non-S3: every path segment encoded twice, i.e. once more than on the wire);
    // the key derivation and signature are AWSSDK.Core's.
    private static string CanonicalPath(Uri uri) =>
        uri.AbsolutePath.Length == 0 ? "/" : string.Join('/', uri.AbsolutePath.Split('/').Select(Uri.EscapeDataString));

    private static string CanonicalQuery(string query) =>
        string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: p.Length > 1 ? Uri.EscapeDataString(Uri.UnescapeDataString(p[1])) : ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
}
