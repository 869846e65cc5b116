namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>A secret's tag.</summary>
public sealed record SecretTag(string Key, string Value);

/// <summary>CreateSecret's input.</summary>
public sealed record CreateSecretRequest
{
    /// <summary>1–512 characters of letters, digits and <c>/_+=.@-</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The first value; null creates a secret without a version.</summary>
    public SecretValue? Value { get; init; }
    public string? Description { get; init; }
    /// <summary>Key id, key ARN, alias name or alias ARN; null uses the account's <c>aws/secretsmanager</c> key.</summary>
    public string? KmsKeyId { get; init; }
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];
    /// <summary>The first version's id (32–64 characters); retries with the same token and value are idempotent. Default: a new GUID.</summary>
    public string? ClientRequestToken { get; init; }
    public bool ForceOverwriteReplicaSecret { get; init; }
}

/// <summary>Which secret an answer is about, and the version it touched if any.</summary>
public sealed record SecretReference(string Arn, string Name, string? VersionId = null);

/// <summary>GetSecretValue's answer. Its <see cref="Value"/> prints redacted.</summary>
public sealed record SecretValueEntry(
    string Arn, string Name, string VersionId, SecretValue Value, IReadOnlyList<string> VersionStages, DateTimeOffset CreatedDate);

/// <summary>PutSecretValue's answer.</summary>
public sealed record PutSecretValueResult(string Arn, string Name, string VersionId, IReadOnlyList<string> VersionStages);

/// <summary>UpdateSecret's input: only the members given change; a <see cref="Value"/> makes a new AWSCURRENT version.</summary>
public sealed record UpdateSecretRequest
{
    public required string SecretId { get; init; }
    public string? Description { get; init; }
    public string? KmsKeyId { get; init; }
    public SecretValue? Value { get; init; }
    public string? ClientRequestToken { get; init; }
}

/// <summary>DescribeSecret's answer (and each ListSecrets entry).</summary>
public sealed record SecretDescription
{
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? KmsKeyId { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public DateTimeOffset? LastChangedDate { get; init; }
    public DateTimeOffset? LastAccessedDate { get; init; }
    /// <summary>Set while the secret is scheduled for deletion.</summary>
    public DateTimeOffset? DeletedDate { get; init; }
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];
    /// <summary>Version id → staging labels, for versions that have labels.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> VersionIdsToStages { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>A ListSecrets filter: <c>name</c>, <c>description</c>, <c>tag-key</c>, <c>tag-value</c>, <c>primary-region</c>, <c>owning-service</c> or <c>all</c>; values are prefixes, <c>!</c> negates.</summary>
public sealed record SecretFilter(string Key, IReadOnlyList<string> Values);

/// <summary>ListSecrets's input.</summary>
public sealed record ListSecretsRequest
{
    public IReadOnlyList<SecretFilter> Filters { get; init; } = [];
    /// <summary>1–100. Default: the service's (100).</summary>
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    /// <summary>Include secrets scheduled for deletion. Default false.</summary>
    public bool IncludePlannedDeletion { get; init; }
    /// <summary><c>asc</c> or <c>desc</c> by creation date. Default: the service's (desc).</summary>
    public string? SortOrder { get; init; }
}

/// <summary>One page of ListSecrets.</summary>
public sealed record SecretList(IReadOnlyList<SecretDescription> Secrets, string? NextToken);

/// <summary>One version in ListSecretVersionIds.</summary>
public sealed record SecretVersionInfo(string VersionId, IReadOnlyList<string> VersionStages, DateTimeOffset? CreatedDate, DateTimeOffset? LastAccessedDate);

/// <summary>One page of ListSecretVersionIds.</summary>
public sealed record SecretVersionList(string Arn, string Name, IReadOnlyList<SecretVersionInfo> Versions, string? NextToken);

/// <summary>DeleteSecret's answer: when the deletion becomes final.</summary>
public sealed record DeleteSecretResult(string Arn, string Name, DateTimeOffset DeletionDate);

/// <summary>GetResourcePolicy's answer.</summary>
public sealed record SecretResourcePolicy(string Arn, string Name, string? Policy);

/// <summary>ValidateResourcePolicy's answer.</summary>
public sealed record PolicyValidation(bool Passed, IReadOnlyList<string> Errors);

/// <summary>GetRandomPassword's options, with AWS's defaults.</summary>
public sealed record RandomPasswordRequest
{
    /// <summary>1–4096. Default 32.</summary>
    public int PasswordLength { get; init; } = 32;
    public string? ExcludeCharacters { get; init; }
    public bool ExcludeNumbers { get; init; }
    public bool ExcludePunctuation { get; init; }
    public bool ExcludeUppercase { get; init; }
    public bool ExcludeLowercase { get; init; }
    public bool IncludeSpace { get; init; }
    /// <summary>Default true.</summary>
    public bool RequireEachIncludedType { get; init; } = true;
}
