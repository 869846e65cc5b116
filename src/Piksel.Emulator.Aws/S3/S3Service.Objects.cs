using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    private async Task PutObjectAsync(AwsRequestContext context, string bucketName, string key, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(bucketName);
        CheckKey(key);
        var request = context.Http.Request;
        var tags = ParseTagHeader(request.Headers["x-amz-tagging"].ToString());
        Authorize(context, bucket, "s3:PutObject", key, WriteKeys(request, tags));
        if (tags.Count > 0) Authorize(context, bucket, "s3:PutObjectTagging", key, WriteKeys(request, tags));
        var settings = ReadObjectSettings(request, bucket);
        var payload = ReadPayload(context);
        CheckWritePreconditions(request, objects.Find(ObjectKey(bucketName, key)), bucketName, key);

        var blobId = await state.Blobs.WriteAsync(payload.Data, cancellationToken);
        var obj = new S3Object
        {
            Bucket = bucketName,
            Key = key,
            BlobId = blobId,
            Size = payload.Data.Length,
            ETag = $"\"{payload.Md5Hex}\"",
            LastModified = context.Time.GetUtcNow(),
            ContentType = settings.ContentType,
            Metadata = settings.Metadata,
            Headers = settings.Headers,
            Tags = settings.Tags,
            Checksums = payload.Checksums,
            ChecksumType = payload.Checksums.Count > 0 ? "FULL_OBJECT" : null,
            Encryption = settings.Encryption,
            StorageClass = settings.StorageClass,
            Acl = settings.Acl,
            OwnerAccount = bucket.OwnerAccount,
        };
        StoreObject(obj);
        var response = context.Http.Response;
        response.Headers.ETag = obj.ETag;
        WriteEncryptionHeaders(response, obj.Encryption);
        WriteChecksumHeaders(response, obj.Checksums, obj.ChecksumType);
        response.StatusCode = 200;
    }

    /// <summary>Conditional writes (S3 since 2024): If-None-Match: * refuses to overwrite, If-Match needs the current ETag.</summary>
    private static void CheckWritePreconditions(HttpRequest request, S3Object? existing, string bucket, string key)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            if (ifNoneMatch.Trim() != "*") throw new AwsServiceException("NotImplemented", "A header you provided implies functionality that is not implemented", HttpStatusCode.NotImplemented);
            if (existing is not null) throw PreconditionFailed("If-None-Match");
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (existing is null) throw NoSuchKey(bucket, key);
            if (!EtagMatches(ifMatch, existing.ETag)) throw PreconditionFailed("If-Match");
        }
    }

    private static AwsServiceException PreconditionFailed(string condition) =>
        new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", HttpStatusCode.PreconditionFailed)
        {
            Details = new Dictionary<string, string> { ["Condition"] = condition },
        };

    private static bool EtagMatches(string header, string etag) =>
        header.Split(',', StringSplitOptions.TrimEntries).Any(h => h == "*" || h.Trim('"') == etag.Trim('"'));

    private async Task GetObjectAsync(AwsRequestContext context, string bucketName, string key, bool head, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(bucketName);
        var obj = objects.Find(ObjectKey(bucketName, key));
        Authorize(context, bucket, "s3:GetObject", key, ExistingKeys(obj), obj?.Acl);
        if (obj is null)
        {
            AbsentObjectAccess(context, bucket, key);
            throw NoSuchKey(bucketName, key);
        }

        var request = context.Http.Request;
        var response = context.Http.Response;
        var status = ReadPreconditions(request, obj);
        if (status == 304)
        {
            response.Headers.ETag = obj.ETag;
            response.Headers.LastModified = S3Xml.HttpDate(obj.LastModified);
            response.StatusCode = 304;
            return;
        }

        WriteObjectHeaders(response, obj);
        ApplyResponseOverrides(request.Query, response);
        long offset = 0, length = obj.Size;
        var range = request.Headers.Range.ToString();
        if (range.Length > 0 && ParseRange(range, obj.Size) is { } parsed)
        {
            if (parsed.Start < 0)
                throw new AwsServiceException("InvalidRange", "The requested range is not satisfiable", HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    Details = new Dictionary<string, string> { ["RangeRequested"] = range, ["ActualObjectSize"] = obj.Size.ToString(CultureInfo.InvariantCulture) },
                };
            offset = parsed.Start;
            length = parsed.End - parsed.Start + 1;
            response.Headers.ContentRange = $"bytes {parsed.Start}-{parsed.End}/{obj.Size}";
            response.StatusCode = 206;
        }
        else
        {
            response.StatusCode = 200;
            // Whole-object checksums are returned only when asked for, and never for a part of the body.
            if (string.Equals(request.Headers["x-amz-checksum-mode"], "ENABLED", StringComparison.OrdinalIgnoreCase))
                WriteChecksumHeaders(response, obj.Checksums, obj.ChecksumType);
        }
        response.ContentLength = length;
        if (head || length == 0) return;

        await using var blob = state.Blobs.OpenRead(obj.BlobId);
        blob.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[Math.Min(length, 81920)];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await blob.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0) break;
            await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            remaining -= read;
        }
    }

    /// <summary>RFC 7232 as S3 applies it: If-Match/If-Unmodified-Since fail with 412, If-None-Match/If-Modified-Since answer 304.</summary>
    private static int ReadPreconditions(HttpRequest request, S3Object obj)
    {
        var headers = request.Headers;
        var ifMatch = headers.IfMatch.ToString();
        var ifNoneMatch = headers.IfNoneMatch.ToString();
        var modified = obj.LastModified.UtcDateTime;
        modified = modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond));
        if (ifMatch.Length > 0)
        {
            if (!EtagMatches(ifMatch, obj.ETag)) throw PreconditionFailed("If-Match");
        }
        else if (ParseHttpDate(headers.IfUnmodifiedSince.ToString()) is { } unmodifiedSince && modified > unmodifiedSince)
        {
            throw PreconditionFailed("If-Unmodified-Since");
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

    private static DateTime? ParseHttpDate(string text) =>
        text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.UtcDateTime : null;

    /// <summary>A single byte range; Start = -1 when unsatisfiable; null when the header is not one S3 understands (then the whole object is sent).</summary>
    internal static (long Start, long End)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return null;
        var spec = header[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal)) return null;
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix)) return null;
            if (suffix == 0 || size == 0) return (-1, -1);
            return (Math.Max(0, size - suffix), size - 1);
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end)) return null;
            if (end < start) return null;
            end = Math.Min(end, size - 1);
        }
        return start >= size ? (-1, -1) : (start, end);
    }

    /// <summary>response-content-type and friends on a GET override the stored headers for this answer.</summary>
    private static void ApplyResponseOverrides(IQueryCollection query, HttpResponse response)
    {
        foreach (var (parameter, header) in new[]
        {
            ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"), ("response-expires", "Expires"),
            ("response-cache-control", "Cache-Control"), ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
        })
            if (query[parameter].ToString() is { Length: > 0 } value) response.Headers[header] = value;
    }

    private Task DeleteObjectAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        var existing = objects.Find(ObjectKey(bucketName, key));
        Authorize(context, bucket, "s3:DeleteObject", key, ExistingKeys(existing));
        var request = context.Http.Request;
        if (request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && existing is not null && !EtagMatches(ifMatch, existing.ETag))
            throw PreconditionFailed("If-Match");
        RemoveObject(bucketName, key);
        context.Http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private bool RemoveObject(string bucket, string key)
    {
        S3Object? previous = null;
        objects.Update(ObjectKey(bucket, key), current =>
        {
            previous = current;
            return null;
        });
        if (previous is null) return false;
        state.Blobs.Delete(previous.BlobId);
        return true;
    }
}
