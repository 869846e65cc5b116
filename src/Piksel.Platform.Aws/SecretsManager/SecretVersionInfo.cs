namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>One version in ListSecretVersionIds.</summary>
public sealed record SecretVersionInfo(string VersionId, IReadOnlyList<string> VersionStages, DateTimeOffset? CreatedDate, DateTimeOffset? LastAccessedDate);
