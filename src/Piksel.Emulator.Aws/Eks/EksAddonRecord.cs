namespace Piksel.Emulator.Aws.Eks;

/// <summary>An EKS add-on of one cluster: the version and settings asked for, and its status as the cluster reported it.</summary>
public sealed record EksAddonRecord
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string ClusterName { get; init; }
    /// <summary>The cluster's <see cref="EksClusterRecord.Uid"/>: add-ons die with their cluster.</summary>
    public required string ClusterUid { get; init; }
    public required string AddonName { get; init; }
    public required string AddonVersion { get; init; }
    /// <summary><c>arn:aws:eks:&lt;region&gt;:&lt;account&gt;:addon/&lt;cluster&gt;/&lt;addon&gt;/&lt;uuid&gt;</c>.</summary>
    public required string AddonArn { get; init; }
    /// <summary>CREATING, ACTIVE, CREATE_FAILED, UPDATING, DELETING, DELETE_FAILED, DEGRADED or UPDATE_FAILED.</summary>
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ModifiedAt { get; init; }
    public string? ServiceAccountRoleArn { get; init; }
    /// <summary>The configuration values as given (JSON or YAML text).</summary>
    public string? ConfigurationValues { get; init; }
    /// <summary>NONE, OVERWRITE or PRESERVE: how the last create or update treats values already in the cluster.</summary>
    public string ResolveConflicts { get; init; } = "NONE";
    /// <summary>DeleteAddon's <c>preserve</c>: keep the add-on's objects in the cluster.</summary>
    public bool Preserve { get; init; }
    /// <summary>The update in progress (its id), while the add-on is UPDATING.</summary>
    public string? PendingUpdateId { get; init; }
    /// <summary>
    /// The revision the cluster last reported installed (null before the first install): after a restart the add-on
    /// manager takes the fields of this revision as its own, as EKS's field manager owns what it applied.
    /// </summary>
    public SystemLayer.AddonRevision? Installed { get; init; }
    /// <summary>Health issues the cluster reported (code and message), empty when healthy.</summary>
    public IReadOnlyList<EksHealthIssue> Issues { get; init; } = [];
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
