namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A route table of a VPC with its routes and the subnets associated with it, found again by its <c>Name</c> tag.
/// Routes and associations converge in place (a route or association removed behind the engine's back comes back;
/// one the spec does not hold is removed); the VPC's own <c>local</c> route is EC2's and not part of the spec.
/// Outputs: <c>id</c> (<c>rtb-…</c>), <c>arn</c>.
/// </summary>
public sealed record Ec2RouteTable : AwsResource
{
    /// <summary>The resource id output (<c>rtb-…</c>).</summary>
    public const string IdOutput = "id";

    /// <summary>The VPC's id.</summary>
    [ForceNew]
    public required string VpcId { get; init; }

    /// <summary>The routes besides the VPC's local route. Default: none.</summary>
    public IReadOnlyList<Ec2Route> Routes { get; init; } = [];

    /// <summary>The subnets associated with the table. Default: none.</summary>
    public IReadOnlyList<string> SubnetIds { get; init; } = [];

    /// <summary>The route table id, known once it exists.</summary>
    [NotAttribute]
    public OutputRef RouteTableId => Output(IdOutput);
}
