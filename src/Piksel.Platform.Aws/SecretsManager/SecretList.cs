namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>One page of ListSecrets.</summary>
public sealed record SecretList(IReadOnlyList<SecretDescription> Secrets, string? NextToken);
