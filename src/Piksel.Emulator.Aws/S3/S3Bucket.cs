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
