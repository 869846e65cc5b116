namespace Piksel.Emulator.Aws.Kms;

/// <summary>An alias (<c>alias/name</c>) pointing at a key in the same account and region.</summary>
public sealed record KmsAliasRecord
{
    public required string AliasName { get; init; }
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string AliasArn { get; init; }
    public required string TargetKeyId { get; init; }
    public required DateTimeOffset CreationDate { get; init; }
    public required DateTimeOffset LastUpdatedDate { get; init; }
}
