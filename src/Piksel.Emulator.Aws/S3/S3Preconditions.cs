using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>Conditional requests as S3 applies RFC 7232: on reads, on writes (since 2024) and on a copy's source.</summary>
internal static class S3Preconditions
{
    /// <summary>Conditional writes: If-None-Match: * refuses to overwrite, If-Match needs the current ETag.</summary>
    public static void CheckWrite(HttpRequest request, S3Object? existing, string bucket, string key)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            if (ifNoneMatch.Trim() != "*") throw new AwsServiceException("NotImplemented", "A header you provided implies functionality that is not implemented", HttpStatusCode.NotImplemented);
            if (existing is not null) throw S3Errors.PreconditionFailed("If-None-Match");
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (existing is null) throw S3Errors.NoSuchKey(bucket, key);
            if (!EtagMatches(ifMatch, existing.ETag)) throw S3Errors.PreconditionFailed("If-Match");
        }
    }

    /// <summary>A read's conditions: If-Match/If-Unmodified-Since fail with 412; If-None-Match/If-Modified-Since answer 304 (returned), else 200.</summary>
    public static int CheckRead(HttpRequest request, S3Object obj)
    {
        var headers = request.Headers;
        var ifMatch = headers.IfMatch.ToString();
        var ifNoneMatch = headers.IfNoneMatch.ToString();
        var modified = WholeSeconds(obj.LastModified);
        if (ifMatch.Length > 0)
        {
            if (!EtagMatches(ifMatch, obj.ETag)) throw S3Errors.PreconditionFailed("If-Match");
        }
        else if (ParseHttpDate(headers.IfUnmodifiedSince.ToString()) is { } unmodifiedSince && modified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("If-Unmodified-Since");
        }
        if (ifNoneMatch.Length > 0)
        {
            if (EtagMatches(ifNoneMatch, obj.ETag)) return 304;
        }
        else if (ParseHttpDate(headers.IfModifiedSince.ToString()) is { } modifiedSince && modified <= modifiedSince)
        {
            return 304;
        }
        return 200;
    }

    /// <summary>The x-amz-copy-source-if-* conditions on a copy's source; every failure is 412.</summary>
    public static void CheckCopySource(HttpRequest request, S3Object source)
    {
        var headers = request.Headers;
        var modified = WholeSeconds(source.LastModified);
        var ifMatch = headers["x-amz-copy-source-if-match"].ToString();
        if (ifMatch.Length > 0 && !EtagMatches(ifMatch, source.ETag)) throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
        if (ifMatch.Length == 0 && ParseHttpDate(headers["x-amz-copy-source-if-unmodified-since"].ToString()) is { } unmodified && modified > unmodified)
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        var ifNoneMatch = headers["x-amz-copy-source-if-none-match"].ToString();
        if (ifNoneMatch.Length > 0 && EtagMatches(ifNoneMatch, source.ETag)) throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
        if (ifNoneMatch.Length == 0 && ParseHttpDate(headers["x-amz-copy-source-if-modified-since"].ToString()) is { } since && modified <= since)
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Modified-Since");
    }

    /// <summary>Whether an If-Match/If-None-Match list names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool EtagMatches(string header, string etag) =>
        header.Split(',', StringSplitOptions.TrimEntries).Any(h => h == "*" || h.Trim('"') == etag.Trim('"'));

    // HTTP dates have whole seconds, so an object's time is compared without its fraction.
    private static DateTime WholeSeconds(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    private static DateTime? ParseHttpDate(string text) =>
        text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.UtcDateTime : null;
}
