namespace Piksel.Platform.Verification;

/// <summary><c>s3:PutObject</c> of a small object (removed again with the environment's own credentials).</summary>
public sealed record S3PutObjectProbe(string Bucket, string Key) : AccessProbe
{
    public override string Action => "s3:PutObject";

    public override string Target => $"s3://{Bucket}/{Key}";
}
