namespace Piksel.Emulator.Aws.S3;

/// <summary>The four Block Public Access switches.</summary>
public sealed record S3PublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    /// <summary>What S3 gives every new bucket since April 2023: all four on.</summary>
    public static S3PublicAccessBlock AllOn { get; } = new(true, true, true, true);
}
