namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>Which secret an answer is about, and the version it touched if any.</summary>
public sealed record SecretReference(string Arn, string Name, string? VersionId = null);
