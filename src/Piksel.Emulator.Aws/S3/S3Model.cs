namespace Piksel.Emulator.Aws.S3;

/// <summary>A bucket and its configuration. Bucket names are global across every account of the emulator, as in AWS.</summary>
public sealed record S3Bucket
{
    public required string Name { get; init; }
    /// <summary>The account that created (and owns) the bucket.</summary>
    public required string OwnerAccount { get; init; }
    public required string Region { get; init; }
    public required DateTimeOffset CreationDate { get; init; }
    /// <summary>The bucket policy JSON, as put.</summary>
    public string? Policy { get; init; }
    public S3PublicAccessBlock? PublicAccessBlock { get; init; }
    /// <summary>BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter; null when deleted.</summary>
    public string? ObjectOwnership { get; init; }
    /// <summary>The CORS rules' XML (the CORSConfiguration's children), validated on put.</summary>
    public string? CorsXml { get; init; }
    /// <summary>The lifecycle rules' XML (the LifecycleConfiguration's children), validated on put.</summary>
    public string? LifecycleXml { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    /// <summary>Default encryption; S3 applies SSE-S3 (AES256) to every bucket since January 2023.</summary>
    public S3Encryption? Encryption { get; init; }
    /// <summary>BucketOwner or Requester.</summary>
    public string Payer { get; init; } = "BucketOwner";
    /// <summary>Enabled or Suspended; null when never set.</summary>
    public string? Versioning { get; init; }
    /// <summary>The canned ACL the bucket was given (private, public-read...).</summary>
    public string Acl { get; init; } = "private";
}

/// <summary>The four Block Public Access switches.</summary>
public sealed record S3PublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    /// <summary>What S3 gives every new bucket since April 2023: all four on.</summary>
    public static S3PublicAccessBlock AllOn { get; } = new(true, true, true, true);
}

/// <summary>A default-encryption rule.</summary>
public sealed record S3Encryption(string Algorithm, string? KmsKeyId = null, bool BucketKeyEnabled = false)
{
    public static S3Encryption SseS3 { get; } = new("AES256");
}

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

/// <summary>A multipart upload in progress.</summary>
public sealed record S3Upload
{
    public required string UploadId { get; init; }
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required DateTimeOffset Initiated { get; init; }
    public required string InitiatorArn { get; init; }
    public required string InitiatorId { get; init; }
    public string OwnerAccount { get; init; } = "";
    public string ContentType { get; init; } = "binary/octet-stream";
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public string? ChecksumAlgorithm { get; init; }
    public string? ChecksumType { get; init; }
    public S3Encryption Encryption { get; init; } = S3Encryption.SseS3;
    public string StorageClass { get; init; } = "STANDARD";
    public string Acl { get; init; } = "private";
}

/// <summary>One uploaded part.</summary>
public sealed record S3Part
{
    public required string UploadId { get; init; }
    public required int PartNumber { get; init; }
    public required string BlobId { get; init; }
    public required string ETag { get; init; }
    public required long Size { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    /// <summary>The part's checksum in the upload's algorithm, base64.</summary>
    public string? Checksum { get; init; }
}
