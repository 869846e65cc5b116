namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// The subnets as EKS sees them, read from EC2's tables: a subnet is public when the route table that routes it (its
/// explicit association, else the VPC's main table) has a route to an internet gateway.
/// </summary>
internal sealed class SubnetLookup(NetworkStore store) : ISubnetLookup
{
    /// <inheritdoc />
    public SubnetView? Find(string accountId, string region, string subnetId)
    {
        if (store.Subnets.Find(Ec2Store.Row(accountId, region, subnetId)) is not { } subnet) return null;
        var table = store.RouteTableOf(subnet);
        var isPublic = table?.Routes.Any(r => r.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true) == true;
        return new SubnetView(subnet.Id, subnet.VpcId, subnet.AvailabilityZone, subnet.CidrBlock, isPublic);
    }
}
