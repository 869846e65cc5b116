using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>AWS credentials; the secret parts never print.</summary>
public sealed record AwsCredentials(string AccessKeyId, SensitiveString SecretAccessKey, SensitiveString? SessionToken = null);
