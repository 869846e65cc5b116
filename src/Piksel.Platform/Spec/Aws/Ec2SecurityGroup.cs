namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A VPC security group found again by its <c>Name</c> tag in its VPC, with its ingress rules; egress is EC2's default
/// (all traffic to anywhere). A rule added behind the engine's back is drift and is revoked. Outputs <c>groupId</c>,
/// <c>arn</c>.
/// </summary>
public sealed record Ec2SecurityGroup : AwsResource
{
    /// <summary>The group id output (<c>sg-…</c>).</summary>
    public const string GroupIdOutput = "groupId";

    /// <summary>The VPC's id (usually a token of the <see cref="Ec2Vpc"/>).</summary>
    [ForceNew]
    public required string VpcId { get; init; }

    /// <summary>The group's description; EC2 cannot change it after creation. Default: <c>Managed by piksel-platform</c>.</summary>
    [ForceNew]
    public string Description { get; init; } = "Managed by piksel-platform";

    /// <summary>The ingress rules, compared as a set. Default: none (nothing admitted).</summary>
    public IReadOnlyList<Ec2SecurityGroupRule> Ingress { get; init; } = [];

    /// <summary>The group id, known once it exists.</summary>
    [NotAttribute]
    public OutputRef GroupId => Output(GroupIdOutput);
}
