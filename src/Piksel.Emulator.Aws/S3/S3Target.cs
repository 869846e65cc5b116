using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// The bucket and key a request addresses, path-style (<c>/bucket/key</c>) or virtual-hosted (<c>bucket.s3.…/key</c>).
/// The key comes from the raw target so that <c>//</c>, <c>./</c> and <c>%2F</c> survive as S3 keeps them.
/// </summary>
internal sealed partial record S3Target(string? Bucket, string? Key)
{
    /// <summary>The bucket, for operations the router sends only requests with one.</summary>
    public string BucketName => Bucket ?? throw new InvalidOperationException("This S3 operation was routed without a bucket.");

    /// <summary>The key, for operations the router sends only requests with one.</summary>
    public string ObjectKey => Key ?? throw new InvalidOperationException("This S3 operation was routed without a key.");

    /// <summary>The target of the request <paramref name="context"/> serves.</summary>
    public static S3Target Of(AwsRequestContext context) => Of(context.Http.Request);

    /// <summary>The target of <paramref name="request"/>, read once per request.</summary>
    public static S3Target Of(HttpRequest request)
    {
        var items = request.HttpContext.Items;
        if (items.TryGetValue(typeof(S3Target), out var known) && known is S3Target target) return target;
        target = Read(request);
        items[typeof(S3Target)] = target;
        return target;
    }

    /// <summary>
    /// Host names that carry the bucket in front: <c>b.localhost</c>, <c>b.s3.localhost</c>,
    /// <c>b.s3.localhost.localstack.cloud</c>, <c>b.s3.amazonaws.com</c>, <c>b.s3.us-west-2.amazonaws.com</c>,
    /// <c>b.127.0.0.1.nip.io</c>. Anything else (an IP, plain <c>localhost</c>) is path-style.
    /// </summary>
    /// <remarks>
    /// The labels after <c>s3</c> are alphanumerics split by '.' or '-', so no two ways of matching a host exist: a
    /// pattern that allowed '-' both inside and between labels backtracked exponentially on a long host that did not match.
    /// </remarks>
    [GeneratedRegex(@"^(?<bucket>.+?)\.(?:(?:s3\.)?localhost(?:\.localstack\.cloud)?|s3(?:[.-][a-z0-9]+)*\.amazonaws\.com|(?:s3\.)?\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\.(?:nip\.io|sslip\.io))$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VirtualHost();

    private static S3Target Read(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            raw = new Uri(raw).PathAndQuery;
        var q = raw.IndexOf('?');
        var path = q >= 0 ? raw[..q] : raw;
        if (path.StartsWith('/')) path = path[1..];

        var host = request.Host.Host;
        // A DNS name is at most 253 characters: a longer Host is no virtual host, and is not worth a regular expression.
        var match = host.Length > 253 || IPAddress.TryParse(host, out _) ? null : VirtualHost().Match(host);
        if (match is { Success: true } && match.Groups["bucket"].Value is var hostBucket && hostBucket != "s3")
            return new(hostBucket.ToLowerInvariant(), path.Length == 0 ? null : Uri.UnescapeDataString(path));

        if (path.Length == 0) return new(null, null);
        var slash = path.IndexOf('/');
        if (slash < 0) return new(Uri.UnescapeDataString(path), null);
        var key = path[(slash + 1)..];
        return new(Uri.UnescapeDataString(path[..slash]), key.Length == 0 ? null : Uri.UnescapeDataString(key));
    }
}
