using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// The network a cluster needs since CreateCluster checks its subnets: a VPC with two private subnets in two zones
/// (and, on request, a public one routed to an internet gateway), made through EC2 as a user would.
/// </summary>
internal static class EksNetworkKit
{
    /// <summary>Root keys of the default account, which owns the networks the tests make.</summary>
    public static AWSCredentials Root { get; } = new BasicAWSCredentials("test", "test");

    /// <summary>A fresh VPC's network in <paramref name="region"/>.</summary>
    public sealed record TestNetwork(string VpcId, IReadOnlyList<string> PrivateSubnets, string? PublicSubnet, string? ThirdZoneSubnet);

    /// <summary>Two private subnets in two zones of a new VPC: what <see cref="EksTestKit.ActiveClusterAsync"/> places clusters in.</summary>
    public static async Task<IReadOnlyList<string>> SubnetsAsync(Uri endpoint, string region = EksTestKit.Region, AWSCredentials? credentials = null) =>
        (await NetworkAsync(endpoint, region, credentials)).PrivateSubnets;

    /// <summary>A new VPC 10.0.0.0/16 with private subnets in zones a and b; with <paramref name="withPublic"/> a public subnet in zone c too.</summary>
    public static async Task<TestNetwork> NetworkAsync(Uri endpoint, string region = EksTestKit.Region, AWSCredentials? credentials = null, bool withPublic = false)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ec2 = new AmazonEC2Client(credentials ?? Root, new AmazonEC2Config
        {
            ServiceURL = endpoint.ToString().TrimEnd('/'),
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
        });
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, ct)).Vpc.VpcId;
        var a = await SubnetAsync(ec2, vpc, "10.0.1.0/24", region + "a", ct);
        var b = await SubnetAsync(ec2, vpc, "10.0.2.0/24", region + "b", ct);
        if (!withPublic) return new TestNetwork(vpc, [a, b], null, null);

        var publicSubnet = await SubnetAsync(ec2, vpc, "10.0.3.0/24", region + "c", ct);
        var gateway = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest(), ct)).InternetGateway.InternetGatewayId;
        await ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway, VpcId = vpc }, ct);
        var table = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc }, ct)).RouteTable.RouteTableId;
        await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = table, DestinationCidrBlock = "0.0.0.0/0", GatewayId = gateway }, ct);
        await ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = table, SubnetId = publicSubnet }, ct);
        var third = await SubnetAsync(ec2, vpc, "10.0.4.0/24", region + "c", ct);
        return new TestNetwork(vpc, [a, b], publicSubnet, third);
    }

    private static async Task<string> SubnetAsync(AmazonEC2Client ec2, string vpc, string cidr, string zone, CancellationToken ct) =>
        (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = cidr, AvailabilityZone = zone }, ct)).Subnet.SubnetId;
}
