namespace Piksel.Emulator.Aws.Eks;

/// <summary>A Fargate profile: immutable once created; it settles from CREATING to ACTIVE, and from DELETING to gone.</summary>
public sealed record EksFargateProfileRecord
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string ClusterName { get; init; }
    /// <summary>The cluster's <see cref="EksClusterRecord.Uid"/>: profiles die with their cluster.</summary>
    public required string ClusterUid { get; init; }
    public required string FargateProfileName { get; init; }
    /// <summary><c>arn:aws:eks:&lt;region&gt;:&lt;account&gt;:fargateprofile/&lt;cluster&gt;/&lt;name&gt;/&lt;uuid&gt;</c>.</summary>
    public required string FargateProfileArn { get; init; }
    public required string PodExecutionRoleArn { get; init; }
    public required IReadOnlyList<string> Subnets { get; init; }
    public required IReadOnlyList<EksFargateSelector> Selectors { get; init; }
    /// <summary>CREATING, ACTIVE, DELETING, CREATE_FAILED or DELETE_FAILED.</summary>
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the current CREATING or DELETING is over (EKS takes a while to make or tear down a profile).</summary>
    public required DateTimeOffset SettlesAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
