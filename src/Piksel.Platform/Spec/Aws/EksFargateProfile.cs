namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A Fargate profile of a cluster, named <c>&lt;cluster&gt;/&lt;profile&gt;</c>: pods its selectors match run on
/// Fargate in its (private) subnets with its pod execution role. EKS changes nothing of a profile but its tags, so
/// any other change replaces it. Output: <c>arn</c>.
/// </summary>
public sealed record EksFargateProfile : AwsResource
{
    /// <summary>The cluster's name.</summary>
    [ForceNew]
    public required string ClusterName { get; init; }

    /// <summary>The profile's name within the cluster.</summary>
    [ForceNew]
    public required string ProfileName { get; init; }

    /// <summary>The pod execution role (trusts <c>eks-fargate-pods.amazonaws.com</c>).</summary>
    [ForceNew]
    public required string PodExecutionRoleArn { get; init; }

    /// <summary>Private subnets only (EKS refuses a subnet routed to an internet gateway).</summary>
    [ForceNew]
    public required IReadOnlyList<string> SubnetIds { get; init; }

    /// <summary>Which pods run on Fargate (at most five).</summary>
    [ForceNew]
    public required IReadOnlyList<EksFargateSelector> Selectors { get; init; }
}
