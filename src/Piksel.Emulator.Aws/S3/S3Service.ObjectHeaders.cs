using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    private static readonly string[] StoredHeaders = ["Content-Encoding", "Content-Disposition", "Cache-Control", "Content-Language", "Expires", "x-amz-website-redirect-location"];

    private static readonly string[] StorageClasses =
        ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE"];

    /// <summary>What a write request says about the object it makes: type, user metadata, stored headers, tags, encryption, storage class, ACL.</summary>
    private sealed record ObjectSettings(string ContentType, IReadOnlyDictionary<string, string> Metadata, IReadOnlyDictionary<string, string> Headers,
        IReadOnlyDictionary<string, string> Tags, S3Encryption Encryption, string StorageClass, string Acl);

    private static ObjectSettings ReadObjectSettings(HttpRequest request, S3Bucket bucket, bool forCopy = false)
    {
        var contentType = request.ContentType is { Length: > 0 } type ? type : "binary/octet-stream";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, value) in request.Headers)
        {
            if (!name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)) continue;
            var key = name["x-amz-meta-".Length..].ToLowerInvariant();
            metadata[key] = value.ToString();
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value.ToString());
        }
        if (size > 2048)
            throw new AwsServiceException("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size")
            {
                Details = new Dictionary<string, string> { ["Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MaxSizeAllowed"] = "2048" },
            };

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaders)
        {
            var value = request.Headers[name].ToString();
            // aws-chunked describes the transfer, not the object: S3 does not keep it.
            if (name == "Content-Encoding")
                value = string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            if (value.Length > 0) headers[name] = value;
        }

        var tags = ParseTagHeader(request.Headers["x-amz-tagging"].ToString());
        var sse = request.Headers["x-amz-server-side-encryption"].ToString();
        var encryption = sse.Length == 0
            ? bucket.Encryption ?? S3Encryption.SseS3
            : sse is "AES256" or "aws:kms" or "aws:kms:dsse"
                ? new S3Encryption(sse, sse == "AES256" ? null : request.Headers["x-amz-server-side-encryption-aws-kms-key-id"].ToString() is { Length: > 0 } k ? k : null)
                : throw new AwsServiceException("InvalidArgument", "The encryption method specified is not supported")
                    { Details = new Dictionary<string, string> { ["ArgumentName"] = "x-amz-server-side-encryption", ["ArgumentValue"] = sse } };
        var storageClass = request.Headers["x-amz-storage-class"].ToString() is { Length: > 0 } sc ? sc : "STANDARD";
        if (!StorageClasses.Contains(storageClass))
            throw new AwsServiceException("InvalidStorageClass", "The storage class you specified is not valid")
                { Details = new Dictionary<string, string> { ["StorageClassRequested"] = storageClass } };

        var acl = request.Headers["x-amz-acl"].ToString() is { Length: > 0 } a ? a : "private";
        ValidateCannedAcl(acl);
        if (!forCopy) CheckObjectAcl(bucket, acl);
        return new ObjectSettings(contentType, metadata, headers, tags, encryption, storageClass, acl);
    }

    /// <summary>ACLs on objects: refused where ownership controls disable them, public ones refused under BlockPublicAcls.</summary>
    private static void CheckObjectAcl(S3Bucket bucket, string acl)
    {
        if (bucket.ObjectOwnership == "BucketOwnerEnforced" && acl is not ("private" or "bucket-owner-full-control"))
            throw new AwsServiceException("AccessControlListNotSupported", "The bucket does not allow ACLs")
                { Details = new Dictionary<string, string> { ["BucketName"] = bucket.Name } };
        if (bucket.PublicAccessBlock?.BlockPublicAcls == true && acl is "public-read" or "public-read-write" or "authenticated-read")
            throw new AwsServiceException("AccessDenied", "Access Denied", HttpStatusCode.Forbidden);
    }

    /// <summary>Parses <c>x-amz-tagging</c> (URL query form <c>k1=v1&amp;k2=v2</c>).</summary>
    private static Dictionary<string, string> ParseTagHeader(string header)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header.Length == 0) return tags;
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!tags.TryAdd(key, value)) throw new AwsServiceException("InvalidTag", "Cannot provide multiple Tags with the same key");
        }
        ValidateTags(tags, objectTags: true);
        return tags;
    }

    /// <summary>S3's tag limits: at most 10 per object (50 per bucket), keys up to 128 characters, values up to 256.</summary>
    private static void ValidateTags(Dictionary<string, string> tags, bool objectTags)
    {
        if (objectTags && tags.Count > 10) throw new AwsServiceException("BadRequest", "Object tags cannot be greater than 10");
        if (!objectTags && tags.Count > 50) throw new AwsServiceException("InvalidTag", "Bucket tag count cannot be greater than 50");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128) throw new AwsServiceException("InvalidTag", "The TagKey you have provided is too long, max 128");
            if (value.Length > 256) throw new AwsServiceException("InvalidTag", "The TagValue you have provided is too long, max 256");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw new AwsServiceException("InvalidTag", "Your TagKey cannot be prefixed with aws:");
        }
    }

    /// <summary>Condition keys a write carries (s3:x-amz-acl, s3:x-amz-server-side-encryption, s3:RequestObjectTag/…).</summary>
    private static Dictionary<string, IReadOnlyList<string>> WriteKeys(HttpRequest request, IReadOnlyCollection<KeyValuePair<string, string>>? tags = null)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, key) in new[]
        {
            ("x-amz-acl", "s3:x-amz-acl"), ("x-amz-server-side-encryption", "s3:x-amz-server-side-encryption"),
            ("x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-aws-kms-key-id"),
            ("x-amz-storage-class", "s3:x-amz-storage-class"), ("x-amz-copy-source", "s3:x-amz-copy-source"),
            ("x-amz-metadata-directive", "s3:x-amz-metadata-directive"),
        })
            if (request.Headers[header].ToString() is { Length: > 0 } value) keys[key] = [value];
        if (tags is { Count: > 0 })
        {
            keys["s3:RequestObjectTagKeys"] = tags.Select(t => t.Key).ToList();
            foreach (var (k, v) in tags) keys["s3:RequestObjectTag/" + k] = [v];
        }
        return keys;
    }

    /// <summary>Condition keys describing an existing object (s3:ExistingObjectTag/…).</summary>
    private static Dictionary<string, IReadOnlyList<string>> ExistingKeys(S3Object? existing)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (existing is not null)
            foreach (var (k, v) in existing.Tags) keys["s3:ExistingObjectTag/" + k] = [v];
        return keys;
    }

    private static void CheckKey(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) > 1024)
            throw new AwsServiceException("KeyTooLongError", "Your key is too long")
                { Details = new Dictionary<string, string> { ["Size"] = Encoding.UTF8.GetByteCount(key).ToString(System.Globalization.CultureInfo.InvariantCulture), ["MaxSizeAllowed"] = "1024" } };
    }

    private static string ObjectKey(string bucket, string key) => bucket + "/" + key;

    private static AwsServiceException NoSuchKey(string bucket, string key) =>
        new("NoSuchKey", "The specified key does not exist.", HttpStatusCode.NotFound)
        {
            Details = new Dictionary<string, string> { ["Key"] = key, ["BucketName"] = bucket },
        };

    /// <summary>Writes the headers GetObject, HeadObject and PutObject answer with.</summary>
    private static void WriteObjectHeaders(HttpResponse response, S3Object obj)
    {
        response.Headers.ETag = obj.ETag;
        response.Headers.LastModified = S3Xml.HttpDate(obj.LastModified);
        response.Headers.ContentType = obj.ContentType;
        response.Headers.AcceptRanges = "bytes";
        foreach (var (name, value) in obj.Headers) response.Headers[name] = value;
        foreach (var (name, value) in obj.Metadata) response.Headers["x-amz-meta-" + name] = value;
        WriteEncryptionHeaders(response, obj.Encryption);
        if (obj.StorageClass != "STANDARD") response.Headers["x-amz-storage-class"] = obj.StorageClass;
        if (obj.Tags.Count > 0) response.Headers["x-amz-tagging-count"] = obj.Tags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (obj.PartsCount is { } count) response.Headers["x-amz-mp-parts-count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void WriteEncryptionHeaders(HttpResponse response, S3Encryption encryption)
    {
        response.Headers["x-amz-server-side-encryption"] = encryption.Algorithm;
        if (encryption.KmsKeyId is not null) response.Headers["x-amz-server-side-encryption-aws-kms-key-id"] = encryption.KmsKeyId;
        if (encryption.BucketKeyEnabled) response.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "true";
    }

    /// <summary>Stores <paramref name="obj"/> and removes the body it replaced.</summary>
    private void StoreObject(S3Object obj)
    {
        S3Object? previous = null;
        objects.Update(ObjectKey(obj.Bucket, obj.Key), current =>
        {
            previous = current;
            return obj;
        });
        if (previous is not null && previous.BlobId != obj.BlobId) state.Blobs.Delete(previous.BlobId);
    }

    private void AbsentObjectAccess(AwsRequestContext context, S3Bucket bucket, string key)
    {
        // Without s3:ListBucket a caller may not learn that a key is absent: S3 answers 403 instead of 404.
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["s3:prefix"] = [key] };
        try { Authorize(context, bucket, "s3:ListBucket", conditionKeys: keys); }
        catch (AwsServiceException e) when (e.Code == "AccessDenied") { throw new AwsServiceException("AccessDenied", "Access Denied", HttpStatusCode.Forbidden); }
    }
}
