namespace Piksel.Platform.Aws.Eks;

/// <summary>An access entry.</summary>
public sealed record EksAccessEntry
{
    public required string ClusterName { get; init; }
    public required string PrincipalArn { get; init; }
    public required string AccessEntryArn { get; init; }
    public IReadOnlyList<string> KubernetesGroups { get; init; } = [];
    public required string Username { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
