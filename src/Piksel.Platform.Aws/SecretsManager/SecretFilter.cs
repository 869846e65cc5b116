namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>A ListSecrets filter: <c>name</c>, <c>description</c>, <c>tag-key</c>, <c>tag-value</c>, <c>primary-region</c>, <c>owning-service</c> or <c>all</c>; values are prefixes, <c>!</c> negates.</summary>
public sealed record SecretFilter(string Key, IReadOnlyList<string> Values);
