namespace Piksel.Platform.Spec.Aws;

/// <summary>Default server-side encryption.</summary>
/// <param name="Algorithm"><c>AES256</c> (SSE-S3) or <c>aws:kms</c>.</param>
/// <param name="KmsKeyArn">The key for <c>aws:kms</c>.</param>
public sealed record S3Encryption(string Algorithm, string? KmsKeyArn)
{
    /// <summary>SSE-S3.</summary>
    public static S3Encryption S3Managed { get; } = new("AES256", null);
}
