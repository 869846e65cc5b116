namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An RDS DB subnet group: the subnets (in at least two zones, RDS insists) an instance's network interfaces go in.
/// Its name is the resource's name. Output: <c>arn</c>.
/// </summary>
public sealed record RdsDbSubnetGroup : AwsResource
{
    /// <summary>The description (RDS requires one). Default: <c>Managed by piksel-platform</c>.</summary>
    public string Description { get; init; } = "Managed by piksel-platform";

    /// <summary>The subnets' ids (tokens of <see cref="Ec2Subnet"/>s), compared as a set. No default.</summary>
    public required IReadOnlyList<string> SubnetIds { get; init; }
}
