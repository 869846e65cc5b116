namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A Karpenter <c>EC2NodeClass</c> (<c>karpenter.k8s.aws/v1</c>, cluster-scoped): the AMI, the node role, where nodes
/// launch (subnets and security groups found by the <c>karpenter.sh/discovery</c> tag), the root volume and the
/// instance metadata options of the nodes Karpenter launches for the pools that name it.
/// </summary>
public sealed record KarpenterNodeClass : KubernetesResource
{
    /// <summary>The AMI alias, <c>family@version</c> (e.g. <c>al2023@v20260403</c>): the only AMI selector term.</summary>
    public required string AmiAlias { get; init; }

    /// <summary>The IAM role's name the nodes run as (Karpenter makes their instance profile).</summary>
    public required string Role { get; init; }

    /// <summary>The value of <c>karpenter.sh/discovery</c> on the subnets and security groups to launch into (the cluster's name).</summary>
    public required string Discovery { get; init; }

    /// <summary>The root device. Default: <c>/dev/xvda</c> (AL2023's).</summary>
    public string RootDeviceName { get; init; } = "/dev/xvda";

    /// <summary>The root volume's size as a Kubernetes quantity. Default: <c>120Gi</c>.</summary>
    public string RootVolumeSize { get; init; } = "120Gi";

    /// <summary>The root volume's EBS type. Default: <c>gp3</c>.</summary>
    public string RootVolumeType { get; init; } = "gp3";

    /// <summary>The KMS key encrypting the root volume (an ARN or token), or null for the account's EBS default key. Default: null.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>IMDS tokens: <c>required</c> (IMDSv2 only) or <c>optional</c>. Default: <c>required</c>.</summary>
    public string HttpTokens { get; init; } = "required";

    /// <summary>Tags put on the instances, volumes and launch templates. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
