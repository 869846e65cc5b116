using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>
    /// Host names that carry the bucket in front: <c>b.localhost</c>, <c>b.s3.localhost</c>,
    /// <c>b.s3.localhost.localstack.cloud</c>, <c>b.s3.amazonaws.com</c>, <c>b.s3.us-west-2.amazonaws.com</c>,
    /// <c>b.127.0.0.1.nip.io</c>. Anything else (an IP, plain <c>localhost</c>) is path-style.
    /// </summary>
    [GeneratedRegex(@"^(?<bucket>.+?)\.(?:(?:s3\.)?localhost(?:\.localstack\.cloud)?|s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com|(?:s3\.)?\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\.(?:nip\.io|sslip\.io))$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VirtualHost();

    /// <summary>Splits a request into bucket and key. The key comes from the raw target so that <c>//</c>, <c>./</c> and <c>%2F</c> survive as S3 keeps them.</summary>
    internal static (string? Bucket, string? Key) Route(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            raw = new Uri(raw).PathAndQuery;
        var q = raw.IndexOf('?');
        var path = q >= 0 ? raw[..q] : raw;
        if (path.StartsWith('/')) path = path[1..];

        var host = request.Host.Host;
        var match = IPAddress.TryParse(host, out _) ? null : VirtualHost().Match(host);
        if (match is { Success: true } && match.Groups["bucket"].Value is var hostBucket && hostBucket != "s3")
            return (hostBucket.ToLowerInvariant(), path.Length == 0 ? null : Uri.UnescapeDataString(path));

        if (path.Length == 0) return (null, null);
        var slash = path.IndexOf('/');
        if (slash < 0) return (Uri.UnescapeDataString(path), null);
        var key = path[(slash + 1)..];
        return (Uri.UnescapeDataString(path[..slash]), key.Length == 0 ? null : Uri.UnescapeDataString(key));
    }
}
