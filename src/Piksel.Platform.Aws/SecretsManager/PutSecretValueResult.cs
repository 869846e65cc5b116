namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>PutSecretValue's answer.</summary>
public sealed record PutSecretValueResult(string Arn, string Name, string VersionId, IReadOnlyList<string> VersionStages);
