namespace Piksel.Platform.Verification;

/// <summary><c>s3:ListBucket</c> (ListObjectsV2, one key).</summary>
public sealed record S3ListBucketProbe(string Bucket) : AccessProbe
{
    public override string Action => "s3:ListBucket";

    public override string Target => $"s3://{Bucket}";
}
