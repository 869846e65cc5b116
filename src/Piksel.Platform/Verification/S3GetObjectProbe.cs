namespace Piksel.Platform.Verification;

/// <summary><c>s3:GetObject</c> of an existing object.</summary>
public sealed record S3GetObjectProbe(string Bucket, string Key) : AccessProbe
{
    public override string Action => "s3:GetObject";

    public override string Target => $"s3://{Bucket}/{Key}";
}
