namespace Piksel.Platform.Spec.Aws;

/// <summary>An EKS access entry mapping an IAM principal into the cluster, with its access policies. Output: <c>arn</c>.</summary>
public sealed record EksAccessEntry : AwsResource
{
    /// <summary>The cluster's name.</summary>
    [ForceNew]
    public required string ClusterName { get; init; }

    /// <summary>The IAM principal (role) ARN.</summary>
    [ForceNew]
    public required string PrincipalArn { get; init; }

    /// <summary>Entry type. Default: <c>STANDARD</c>.</summary>
    [ForceNew]
    public string Type { get; init; } = "STANDARD";

    /// <summary>Kubernetes groups the principal joins. Default: none.</summary>
    public IReadOnlyList<string> KubernetesGroups { get; init; } = [];

    /// <summary>Associated access policies. Default: none.</summary>
    public IReadOnlyList<EksAccessPolicyAssociation> AccessPolicies { get; init; } = [];
}
