namespace Piksel.Emulator.Aws.S3;

/// <summary>An object's metadata; the body lives in the blob store under <see cref="BlobId"/>.</summary>
public sealed record S3Object
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required string BlobId { get; init; }
    public required long Size { get; init; }
    /// <summary>The quoted ETag: MD5 of the body, or MD5 of the parts' MD5s with a <c>-n</c> suffix.</summary>
    public required string ETag { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public string ContentType { get; init; } = "binary/octet-stream";
    /// <summary>User metadata (x-amz-meta-*), keys lower-cased without the prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Stored representation headers: Content-Encoding, Content-Disposition, Cache-Control, Content-Language, Expires.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>Checksums by algorithm (CRC32, CRC32C, SHA1, SHA256, CRC64NVME), base64.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();
    /// <summary>FULL_OBJECT or COMPOSITE when a checksum is kept.</summary>
    public string? ChecksumType { get; init; }
    public S3Encryption Encryption { get; init; } = S3Encryption.SseS3;
    public string StorageClass { get; init; } = "STANDARD";
    public string Acl { get; init; } = "private";
    public string OwnerAccount { get; init; } = "";
    /// <summary>Number of parts for objects made by multipart upload.</summary>
    public int? PartsCount { get; init; }
}
