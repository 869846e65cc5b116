using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>What a write request says about the object it makes: type, user metadata, stored headers, tags, encryption, storage class, ACL.</summary>
internal sealed record S3ObjectSettings(string ContentType, IReadOnlyDictionary<string, string> Metadata, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Tags, S3Encryption Encryption, string StorageClass, string Acl)
{
    private static readonly string[] StoredHeaders = ["Content-Encoding", "Content-Disposition", "Cache-Control", "Content-Language", "Expires", "x-amz-website-redirect-location"];

    private static readonly string[] StorageClasses =
        ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE"];

    /// <summary>Reads and checks a write's settings for <paramref name="bucket"/>: metadata at most 2 KB, a known encryption and storage class, an ACL the bucket allows.</summary>
    public static S3ObjectSettings Read(HttpRequest request, S3Bucket bucket)
    {
        var contentType = request.ContentType is { Length: > 0 } type ? type : "binary/octet-stream";
        var metadata = ReadMetadata(request);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaders)
        {
            var value = request.Headers[name].ToString();
            // aws-chunked describes the transfer, not the object: S3 does not keep it.
            if (name == "Content-Encoding")
                value = string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            if (value.Length > 0) headers[name] = value;
        }

        var tags = S3Tags.ParseHeader(request.Headers["x-amz-tagging"].ToString());
        var sse = request.Headers["x-amz-server-side-encryption"].ToString();
        var encryption = sse.Length == 0
            ? bucket.Encryption ?? S3Encryption.SseS3
            : sse is "AES256" or "aws:kms" or "aws:kms:dsse"
                ? new S3Encryption(sse, sse == "AES256" ? null : request.Headers["x-amz-server-side-encryption-aws-kms-key-id"].ToString() is { Length: > 0 } k ? k : null)
                : throw S3Errors.InvalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", sse);
        var storageClass = request.Headers["x-amz-storage-class"].ToString() is { Length: > 0 } sc ? sc : "STANDARD";
        if (!StorageClasses.Contains(storageClass))
        {
            throw new AwsServiceException("InvalidStorageClass", "The storage class you specified is not valid")
            { Details = new Dictionary<string, string> { ["StorageClassRequested"] = storageClass } };
        }

        var acl = request.Headers["x-amz-acl"].ToString() is { Length: > 0 } a ? a : "private";
        S3Acls.ValidateCanned(acl);
        S3Acls.CheckObjectAcl(bucket, acl);
        return new S3ObjectSettings(contentType, metadata, headers, tags, encryption, storageClass, acl);
    }

    /// <summary>User metadata (x-amz-meta-*), keys lower-cased without the prefix; MetadataTooLarge past 2 KB.</summary>
    private static Dictionary<string, string> ReadMetadata(HttpRequest request)
    {
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
        {
            throw new AwsServiceException("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size")
            {
                Details = new Dictionary<string, string> { ["Size"] = size.ToString(CultureInfo.InvariantCulture), ["MaxSizeAllowed"] = "2048" },
            };
        }

        return metadata;
    }
}
