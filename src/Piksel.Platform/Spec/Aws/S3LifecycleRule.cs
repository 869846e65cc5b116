namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A lifecycle rule for the whole bucket (empty prefix): expire current objects after
/// <paramref name="ExpirationDays"/> and/or abort incomplete multipart uploads after
/// <paramref name="AbortIncompleteMultipartUploadDays"/>.
/// </summary>
public sealed record S3LifecycleRule(string Id, int? ExpirationDays, int? AbortIncompleteMultipartUploadDays);
