namespace Piksel.Emulator.Aws.Eks;

/// <summary>A Pod Identity association: pods of one service account get the role's credentials through EKS Auth.</summary>
public sealed record EksPodIdentityAssociationRecord
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string ClusterName { get; init; }
    /// <summary>The cluster's <see cref="EksClusterRecord.Uid"/>: associations die with their cluster.</summary>
    public required string ClusterUid { get; init; }
    /// <summary><c>a-</c> and 17 lowercase letters and digits.</summary>
    public required string AssociationId { get; init; }
    /// <summary><c>arn:aws:eks:&lt;region&gt;:&lt;account&gt;:podidentityassociation/&lt;cluster&gt;/&lt;id&gt;</c>.</summary>
    public required string AssociationArn { get; init; }
    public required string Namespace { get; init; }
    public required string ServiceAccount { get; init; }
    public required string RoleArn { get; init; }
    public string? TargetRoleArn { get; init; }
    public bool DisableSessionTags { get; init; }
    /// <summary>The add-on that made the association (its ARN), when one did.</summary>
    public string? OwnerArn { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ModifiedAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
