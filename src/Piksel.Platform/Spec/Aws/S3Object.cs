namespace Piksel.Platform.Spec.Aws;

/// <summary>A small object the platform puts in a bucket (sample data for the local public datasets). Output: <c>arn</c>.</summary>
public sealed record S3Object : AwsResource
{
    /// <summary>The bucket.</summary>
    [ForceNew]
    public required string Bucket { get; init; }

    /// <summary>The object key.</summary>
    [ForceNew]
    public required string ObjectKey { get; init; }

    /// <summary>The body as text (UTF-8).</summary>
    public required string Content { get; init; }

    /// <summary>Content type. Default: <c>application/octet-stream</c>.</summary>
    public string ContentType { get; init; } = "application/octet-stream";
}
