namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>One page of ListSecretVersionIds.</summary>
public sealed record SecretVersionList(string Arn, string Name, IReadOnlyList<SecretVersionInfo> Versions, string? NextToken);
