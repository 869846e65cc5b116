namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>GetResourcePolicy's answer.</summary>
public sealed record SecretResourcePolicy(string Arn, string Name, string? Policy);
