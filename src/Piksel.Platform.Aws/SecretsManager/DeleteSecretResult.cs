namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>DeleteSecret's answer: when the deletion becomes final.</summary>
public sealed record DeleteSecretResult(string Arn, string Name, DateTimeOffset DeletionDate);
