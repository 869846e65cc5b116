namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>GetSecretValue's answer. Its <see cref="Value"/> prints redacted.</summary>
public sealed record SecretValueEntry(
    string Arn, string Name, string VersionId, SecretValue Value, IReadOnlyList<string> VersionStages, DateTimeOffset CreatedDate);
