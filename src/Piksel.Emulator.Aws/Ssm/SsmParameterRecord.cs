namespace Piksel.Emulator.Aws.Ssm;

/// <summary>An account's own parameter: its type, value (sealed on disk), version and when it last changed.</summary>
internal sealed record SsmParameterRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary><c>String</c>, <c>StringList</c> or <c>SecureString</c>.</summary>
    public required string Type { get; init; }
    [State.Sealed]
    public required string Value { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public string DataType { get; init; } = "text";
    public string? Description { get; init; }
    public string? KeyId { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
