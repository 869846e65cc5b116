namespace Piksel.Emulator.Aws.S3;

/// <summary>A default-encryption rule.</summary>
public sealed record S3Encryption(string Algorithm, string? KmsKeyId = null, bool BucketKeyEnabled = false)
{
    public static S3Encryption SseS3 { get; } = new("AES256");
}
