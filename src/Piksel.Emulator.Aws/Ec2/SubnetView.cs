namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// A subnet as another service sees it. <paramref name="IsPublic"/> is true when its route table (its explicit
/// association, else the VPC's main table) routes to an internet gateway.
/// </summary>
public sealed record SubnetView(string SubnetId, string VpcId, string AvailabilityZone, string CidrBlock, bool IsPublic);
