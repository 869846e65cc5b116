using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>
/// VPCs, subnets, internet gateways and route tables through the SDK, each test in a region of its own so the
/// "nothing here" answers other tests expect in us-east-1 stay true.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class NetworkTests(EmulatorFixture fixture)
{
    private static TagSpecification Tags(ResourceType type, params (string Key, string Value)[] tags) =>
        new() { ResourceType = type, Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))] };

    [Fact]
    public async Task A_vpc_gets_its_main_route_table_and_subnets_inside_it()
    {
        using var ec2 = Client(fixture, region: "eu-north-1");
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.20.3.4/16", TagSpecifications = [Tags(ResourceType.Vpc, ("Name", "piksel-dev-vpc"))] }, Ct)).Vpc;
        Assert.Matches("^vpc-[0-9a-f]{17}$", vpc.VpcId);
        Assert.Equal("10.20.0.0/16", vpc.CidrBlock);
        Assert.Equal("piksel-dev-vpc", vpc.Tags.Single().Value);

        var main = Assert.Single((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest
        {
            Filters = [new Filter("vpc-id", [vpc.VpcId]), new Filter("association.main", ["true"])],
        }, Ct)).RouteTables);
        var local = Assert.Single(main.Routes);
        Assert.Equal(("10.20.0.0/16", "local"), (local.DestinationCidrBlock, local.GatewayId));

        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = vpc.VpcId,
            CidrBlock = "10.20.1.0/24",
            AvailabilityZone = "eu-north-1b",
            TagSpecifications = [Tags(ResourceType.Subnet, ("karpenter.sh/discovery", "dev"))],
        }, Ct)).Subnet;
        Assert.Equal(251, subnet.AvailableIpAddressCount);
        Assert.Equal("eun1-az2", subnet.AvailabilityZoneId);
        var other = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.20.2.0/28", AvailabilityZoneId = "eun1-az1" }, Ct)).Subnet;
        Assert.Equal(11, other.AvailableIpAddressCount);
        Assert.Equal("eu-north-1a", other.AvailabilityZone);

        var discovered = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("tag:karpenter.sh/discovery", ["dev"])] }, Ct)).Subnets;
        Assert.Equal(subnet.SubnetId, Assert.Single(discovered).SubnetId);
        var both = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpc.VpcId]), new Filter("availability-zone", ["eu-north-1a", "eu-north-1b"])] }, Ct)).Subnets;
        Assert.Equal(2, both.Count);
        Assert.Single((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("cidr-block", ["10.20.2.*"])] }, Ct)).Subnets);

        await Fails(() => ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.21.0.0/24" }, Ct), "InvalidSubnet.Range");
        await Fails(() => ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.20.1.128/25" }, Ct), "InvalidSubnet.Conflict");
        await Fails(() => ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.20.9.0/24", AvailabilityZone = "eu-north-1z" }, Ct), "InvalidParameterValue");

        var vpcDenied = await Fails(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct), "DependencyViolation");
        Assert.Equal($"The vpc '{vpc.VpcId}' has dependencies and cannot be deleted.", vpcDenied.Message);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet.SubnetId }, Ct);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = other.SubnetId }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
        await Fails(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpc.VpcId] }, Ct), "InvalidVpcID.NotFound");
        Assert.Empty((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Filter("vpc-id", [vpc.VpcId])] }, Ct)).RouteTables ?? []);
    }

    [Fact]
    public async Task Bad_vpc_requests_answer_EC2s_codes()
    {
        using var ec2 = Client(fixture, region: "eu-north-1");
        var range = await Fails(() => ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/8" }, Ct), "InvalidVpc.Range");
        Assert.Equal("The CIDR '10.0.0.0/8' is invalid.", range.Message);
        await Fails(() => ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/29" }, Ct), "InvalidVpc.Range");
        await Fails(() => ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.300/16" }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.CreateVpcAsync(new CreateVpcRequest(), Ct), "MissingParameter");
        await Fails(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["vpc-0123456789abcdef0"] }, Ct), "InvalidVpcID.NotFound");
        await Fails(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["not-a-vpc"] }, Ct), "InvalidVpcID.Malformed");
        await Fails(() => ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("no-such-filter", ["x"])] }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = "vpc-0123456789abcdef0", CidrBlock = "10.0.0.0/24" }, Ct), "InvalidVpcID.NotFound");
    }

    [Fact]
    public async Task Dns_attributes_are_kept_and_hostnames_need_resolution()
    {
        using var ec2 = Client(fixture, region: "eu-north-1");
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.30.0.0/16" }, Ct)).Vpc;
        Assert.True((await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsSupport }, Ct)).EnableDnsSupport);
        Assert.False((await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsHostnames }, Ct)).EnableDnsHostnames);
        await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsHostnames = true }, Ct);
        Assert.True((await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsHostnames }, Ct)).EnableDnsHostnames);
        await Fails(() => ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsSupport = false }, Ct), "InvalidParameterValue");
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
    }

    [Fact]
    public async Task A_subnet_routed_to_an_internet_gateway_is_public_to_EKS()
    {
        using var ec2 = Client(fixture, region: "ca-central-1");
        var lookup = fixture.Emulator.Service<Ec2Service>()!.Subnets;
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.40.0.0/16" }, Ct)).Vpc;
        var publicSubnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.40.0.0/24", AvailabilityZone = "ca-central-1a" }, Ct)).Subnet;
        var privateSubnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.40.1.0/24", AvailabilityZone = "ca-central-1b" }, Ct)).Subnet;
        var igw = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest(), Ct)).InternetGateway;
        await ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igw.InternetGatewayId, VpcId = vpc.VpcId }, Ct);
        var rtb = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc.VpcId }, Ct)).RouteTable;
        await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = rtb.RouteTableId, DestinationCidrBlock = "0.0.0.0/0", GatewayId = igw.InternetGatewayId }, Ct);
        await Fails(() => ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = rtb.RouteTableId, DestinationCidrBlock = "0.0.0.0/0", GatewayId = igw.InternetGatewayId }, Ct), "RouteAlreadyExists");
        var association = (await ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = rtb.RouteTableId, SubnetId = publicSubnet.SubnetId }, Ct)).AssociationId;

        var seen = lookup.Find("000000000000", "ca-central-1", publicSubnet.SubnetId);
        Assert.Equal(new SubnetView(publicSubnet.SubnetId, vpc.VpcId, "ca-central-1a", "10.40.0.0/24", true), seen);
        Assert.False(lookup.Find("000000000000", "ca-central-1", privateSubnet.SubnetId)!.IsPublic);
        Assert.Null(lookup.Find("000000000000", "ca-central-1", "subnet-0123456789abcdef0"));

        // Out of order, each delete is refused as EC2 refuses it.
        await Fails(() => ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = igw.InternetGatewayId }, Ct), "DependencyViolation");
        await Fails(() => ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = rtb.RouteTableId }, Ct), "DependencyViolation");
        await Fails(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct), "DependencyViolation");

        await ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association }, Ct);
        Assert.False(lookup.Find("000000000000", "ca-central-1", publicSubnet.SubnetId)!.IsPublic);
        await ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = rtb.RouteTableId, DestinationCidrBlock = "0.0.0.0/0" }, Ct);
        await Fails(() => ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = rtb.RouteTableId, DestinationCidrBlock = "0.0.0.0/0" }, Ct), "InvalidRoute.NotFound");
        await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = rtb.RouteTableId }, Ct);
        await ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = igw.InternetGatewayId, VpcId = vpc.VpcId }, Ct);
        await ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = igw.InternetGatewayId }, Ct);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = publicSubnet.SubnetId }, Ct);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = privateSubnet.SubnetId }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
    }

    [Fact]
    public async Task Dry_run_answers_DryRunOperation_when_allowed_and_UnauthorizedOperation_when_not()
    {
        using var ec2 = Client(fixture, region: "eu-north-1");
        var dry = await Fails(() => ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.50.0.0/16", DryRun = true }, Ct), "DryRunOperation");
        Assert.Equal(HttpStatusCode.PreconditionFailed, dry.StatusCode);
        Assert.Empty((await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter("cidr", ["10.50.0.0/16"])] }, Ct)).Vpcs ?? []);

        var cni = await RoleSessions.AssumeAsync(fixture, "ec2-net", [CniPolicy], null, Ct);
        using var role = Client(fixture, cni, "eu-north-1");
        var denied = await Fails(() => role.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.50.0.0/16", DryRun = true }, Ct), "UnauthorizedOperation");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("ec2:CreateVpc", denied.Message);
        Assert.Contains("Encoded authorization failure message: ", denied.Message);
        await Fails(() => role.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.50.0.0/16" }, Ct), "UnauthorizedOperation");
    }
}
