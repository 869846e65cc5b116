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
