namespace Piksel.Platform.Spec.Aws;

/// <summary>The four Block Public Access switches.</summary>
public sealed record S3BlockPublicAccess(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    /// <summary>Everything blocked.</summary>
    public static S3BlockPublicAccess All { get; } = new(true, true, true, true);

    /// <summary>Nothing blocked: needed for a public-read bucket policy.</summary>
    public static S3BlockPublicAccess None { get; } = new(false, false, false, false);
}
