namespace Piksel.Platform.Spec.Aws;

/// <summary>One route of a route table: a destination and exactly one target.</summary>
/// <param name="DestinationCidrBlock">The destination (<c>0.0.0.0/0</c>).</param>
/// <param name="GatewayId">An internet gateway target (<c>igw-…</c>), or null.</param>
/// <param name="NatGatewayId">A NAT gateway target (<c>nat-…</c>), or null.</param>
public sealed record Ec2Route(string DestinationCidrBlock, string? GatewayId = null, string? NatGatewayId = null);
