namespace Piksel.Emulator.Aws.Eks;

/// <summary>An update of an add-on (DescribeUpdate/ListUpdates): what was asked and how it ended.</summary>
public sealed record EksUpdateRecord
{
    public required string Id { get; init; }
    public required string ClusterUid { get; init; }
    public required string ClusterName { get; init; }
    public required string AddonName { get; init; }
    /// <summary>AddonUpdate.</summary>
    public string Type { get; init; } = "AddonUpdate";
    /// <summary>InProgress, Failed, Cancelled or Successful.</summary>
    public required string Status { get; init; }
    /// <summary>The parameters changed: AddonVersion, ServiceAccountRoleArn, ResolveConflicts, ConfigurationValues.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Errors of a failed update (code and message).</summary>
    public IReadOnlyList<EksHealthIssue> Errors { get; init; } = [];
}
