namespace Piksel.Platform.Aws.SecretsManager;

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
