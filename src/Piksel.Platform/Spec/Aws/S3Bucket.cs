using Piksel.Platform.Policies;

namespace Piksel.Platform.Spec.Aws;

/// <summary>An S3 bucket with its policy, public-access block, CORS, lifecycle and default encryption. Output: <c>arn</c>.</summary>
public sealed record S3Bucket : AwsResource
{
    /// <summary>Bucket policy. Default: none.</summary>
    public PolicyDocument? Policy { get; init; }

    /// <summary>Block Public Access settings. Default: all four on, as AWS sets for new buckets since 2023.</summary>
    public S3BlockPublicAccess BlockPublicAccess { get; init; } = S3BlockPublicAccess.All;

    /// <summary>CORS rules. Default: none.</summary>
    public IReadOnlyList<S3CorsRule> Cors { get; init; } = [];

    /// <summary>Lifecycle rules. Default: none.</summary>
    public IReadOnlyList<S3LifecycleRule> Lifecycle { get; init; } = [];

    /// <summary>Default encryption. Default: SSE-S3 (AES256), what S3 applies to every new bucket.</summary>
    public S3Encryption Encryption { get; init; } = S3Encryption.S3Managed;
}

/// <summary>The four Block Public Access switches.</summary>
public sealed record S3BlockPublicAccess(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    /// <summary>Everything blocked.</summary>
    public static S3BlockPublicAccess All { get; } = new(true, true, true, true);

    /// <summary>Nothing blocked: needed for a public-read bucket policy.</summary>
    public static S3BlockPublicAccess None { get; } = new(false, false, false, false);
}

/// <summary>A CORS rule.</summary>
public sealed record S3CorsRule(IReadOnlyList<string> AllowedMethods, IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> AllowedHeaders, int MaxAgeSeconds);

/// <summary>
/// A lifecycle rule for the whole bucket (empty prefix): expire current objects after
/// <paramref name="ExpirationDays"/> and/or abort incomplete multipart uploads after
/// <paramref name="AbortIncompleteMultipartUploadDays"/>.
/// </summary>
public sealed record S3LifecycleRule(string Id, int? ExpirationDays, int? AbortIncompleteMultipartUploadDays);

/// <summary>Default server-side encryption.</summary>
/// <param name="Algorithm"><c>AES256</c> (SSE-S3) or <c>aws:kms</c>.</param>
/// <param name="KmsKeyArn">The key for <c>aws:kms</c>.</param>
public sealed record S3Encryption(string Algorithm, string? KmsKeyArn)
{
    /// <summary>SSE-S3.</summary>
    public static S3Encryption S3Managed { get; } = new("AES256", null);
}
