namespace Piksel.Platform.Aws.Iam;

/// <summary>An access key without its secret, as ListAccessKeys answers it.</summary>
public sealed record AccessKeyMetadata(string UserName, string AccessKeyId, string Status, DateTimeOffset CreateDate);
