using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Sts;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>
/// Elastic IPs and NAT gateways on an emulator of their own with a manual clock (the lifecycle runs on it), kept in a
/// data directory so a restart shows what survives.
/// </summary>
public sealed class NatGatewayTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "piksel-ec2-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private AwsEmulatorOptions Options => new() { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromDays(1), DataDirectory = dir };

    private static AmazonEC2Client Ec2(AwsEmulator emulator) =>
        new(new BasicAWSCredentials("test", "test"), new AmazonEC2Config { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-west-2", MaxErrorRetry = 0 });

    private static async Task<NatGateway> NatAsync(AmazonEC2Client ec2, string id) =>
        Assert.Single((await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [id] }, Ct)).NatGateways);

    [Fact]
    public async Task A_nat_gateway_becomes_available_holds_its_address_and_goes_through_deleting_to_deleted()
    {
        string vpcId, subnetId, natId, allocationId, publicIp;
        await using (var emulator = await AwsEmulator.StartAsync(Options, cancellationToken: Ct))
        {
            using var ec2 = Ec2(emulator);
            vpcId = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.70.0.0/16" }, Ct)).Vpc.VpcId;
            subnetId = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.70.0.0/24", AvailabilityZone = "us-west-2a" }, Ct)).Subnet.SubnetId;
            var igw = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest(), Ct)).InternetGateway.InternetGatewayId;
            await ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igw, VpcId = vpcId }, Ct);
            var eip = await ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc }, Ct);
            (allocationId, publicIp) = (eip.AllocationId, eip.PublicIp);
            Assert.Matches("^eipalloc-[0-9a-f]{17}$", allocationId);

            var nat = (await ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest
            {
                SubnetId = subnetId,
                AllocationId = allocationId,
                TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Natgateway, Tags = [new Tag("Name", "nat-a")] }],
            }, Ct)).NatGateway;
            natId = nat.NatGatewayId;
            Assert.Equal(NatGatewayState.Pending, nat.State);
            Assert.Equal(("10.70.0.4", publicIp), (nat.NatGatewayAddresses[0].PrivateIp, nat.NatGatewayAddresses[0].PublicIp));
            clock.Advance(TimeSpan.FromSeconds(6));
            Assert.Equal(NatGatewayState.Available, (await NatAsync(ec2, natId)).State);

            var held = Assert.Single((await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [allocationId] }, Ct)).Addresses);
            Assert.Equal(nat.NatGatewayAddresses[0].NetworkInterfaceId, held.NetworkInterfaceId);
            await Fails(() => ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }, Ct), "InvalidIPAddress.InUse");
            await Fails(() => ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId }, Ct), "DependencyViolation");
            await Fails(() => ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = igw, VpcId = vpcId }, Ct), "DependencyViolation");
            await Fails(() => ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId }, Ct), "Resource.AlreadyAssociated");

            var rtb = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId }, Ct)).RouteTable.RouteTableId;
            await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = rtb, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = natId }, Ct);
            await Fails(() => ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = rtb, DestinationCidrBlock = "10.1.0.0/16", NatGatewayId = "nat-0123456789abcdef0" }, Ct), "InvalidNatGatewayID.NotFound");
            var tagged = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Filter("tag:Name", ["nat-*"]), new Filter("state", ["available"])] }, Ct)).NatGateways;
            Assert.Equal(natId, Assert.Single(tagged).NatGatewayId);
        }

        // After a restart everything is still there, and the clock carries the lifecycle on.
        await using (var emulator = await AwsEmulator.StartAsync(Options, cancellationToken: Ct))
        {
            using var ec2 = Ec2(emulator);
            Assert.Equal(NatGatewayState.Available, (await NatAsync(ec2, natId)).State);
            Assert.Equal(publicIp, Assert.Single((await ec2.DescribeAddressesAsync(new DescribeAddressesRequest(), Ct)).Addresses).PublicIp);
            Assert.Single((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [subnetId] }, Ct)).Subnets);
            Assert.Equal(2, (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Filter("vpc-id", [vpcId])] }, Ct)).RouteTables.Count);
            Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("vpc-id", [vpcId])] }, Ct)).SecurityGroups);

            Assert.Equal(natId, (await ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = natId }, Ct)).NatGatewayId);
            Assert.Equal(NatGatewayState.Deleting, (await NatAsync(ec2, natId)).State);
            clock.Advance(TimeSpan.FromSeconds(6));
            Assert.Equal(NatGatewayState.Deleted, (await NatAsync(ec2, natId)).State);
            var route = Assert.Single((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Filter("route.nat-gateway-id", [natId])] }, Ct)).RouteTables).Routes;
            Assert.Equal(RouteState.Blackhole, Assert.Single(route, r => r.NatGatewayId == natId).State);
            await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }, Ct);
            await Fails(() => ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }, Ct), "InvalidAllocationID.NotFound");
            await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId }, Ct);
            clock.Advance(TimeSpan.FromHours(1));
            await Fails(() => ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [natId] }, Ct), "NatGatewayNotFound");
        }
    }

    [Fact]
    public async Task A_public_nat_gateway_in_a_vpc_without_an_internet_gateway_fails()
    {
        await using var emulator = await AwsEmulator.StartAsync(Options, cancellationToken: Ct);
        using var ec2 = Ec2(emulator);
        var vpcId = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.71.0.0/16" }, Ct)).Vpc.VpcId;
        var subnetId = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.71.0.0/24" }, Ct)).Subnet.SubnetId;
        var allocationId = (await ec2.AllocateAddressAsync(new AllocateAddressRequest(), Ct)).AllocationId;
        await Fails(() => ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId }, Ct), "MissingParameter");
        await Fails(() => ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = "eipalloc-0123456789abcdef0" }, Ct), "InvalidAllocationID.NotFound");
        var natId = (await ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId }, Ct)).NatGateway.NatGatewayId;
        clock.Advance(TimeSpan.FromSeconds(6));
        var failed = await NatAsync(ec2, natId);
        Assert.Equal(NatGatewayState.Failed, failed.State);
        Assert.Equal(("Gateway.NotAttached", $"Network {vpcId} has no Internet gateway attached"), (failed.FailureCode, failed.FailureMessage));
        // A failed gateway holds nothing: the address and the subnet are free again.
        await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }, Ct);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpcId }, Ct);
    }
}
