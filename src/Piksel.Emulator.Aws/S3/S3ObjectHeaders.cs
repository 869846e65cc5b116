using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.S3;

/// <summary>The headers object operations answer with: the stored representation, encryption, checksums, and a GET's response-* overrides.</summary>
internal static class S3ObjectHeaders
{
    private static readonly (string Parameter, string Header)[] Overrides =
    [
        ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"), ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"), ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
    ];

    /// <summary>Writes the headers GetObject and HeadObject answer with.</summary>
    public static void Write(HttpResponse response, S3Object obj)
    {
        response.Headers.ETag = obj.ETag;
        response.Headers.LastModified = S3Xml.HttpDate(obj.LastModified);
        response.Headers.ContentType = obj.ContentType;
        response.Headers.AcceptRanges = "bytes";
        foreach (var (name, value) in obj.Headers) response.Headers[name] = value;
        foreach (var (name, value) in obj.Metadata) response.Headers["x-amz-meta-" + name] = value;
        WriteEncryption(response, obj.Encryption);
        if (obj.StorageClass != "STANDARD") response.Headers["x-amz-storage-class"] = obj.StorageClass;
        if (obj.Tags.Count > 0) response.Headers["x-amz-tagging-count"] = obj.Tags.Count.ToString(CultureInfo.InvariantCulture);
        if (obj.PartsCount is { } count) response.Headers["x-amz-mp-parts-count"] = count.ToString(CultureInfo.InvariantCulture);
    }

    public static void WriteEncryption(HttpResponse response, S3Encryption encryption)
    {
        response.Headers["x-amz-server-side-encryption"] = encryption.Algorithm;
        if (encryption.KmsKeyId is not null) response.Headers["x-amz-server-side-encryption-aws-kms-key-id"] = encryption.KmsKeyId;
        if (encryption.BucketKeyEnabled) response.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "true";
    }

    /// <summary>Writes the stored checksum headers (and their type).</summary>
    public static void WriteChecksums(HttpResponse response, IReadOnlyDictionary<string, string> checksums, string? type)
    {
        foreach (var (algorithm, value) in checksums) response.Headers["x-amz-checksum-" + algorithm.ToLowerInvariant()] = value;
        if (checksums.Count > 0 && type is not null) response.Headers["x-amz-checksum-type"] = type;
    }

    /// <summary>response-content-type and friends on a GET override the stored headers for this answer.</summary>
    public static void ApplyOverrides(IQueryCollection query, HttpResponse response)
    {
        foreach (var (parameter, header) in Overrides)
            if (query[parameter].ToString() is { Length: > 0 } value) response.Headers[header] = value;
    }
}
