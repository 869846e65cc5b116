using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>The S3 gateway endpoint with its prefix-list routes, and tags on every networking resource, in a region of their own.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class VpcEndpointTests(EmulatorFixture fixture)
{
    private const string Region = "ap-southeast-2";

    [Fact]
    public async Task An_S3_gateway_endpoint_routes_its_tables_to_the_S3_prefix_list()
    {
        using var ec2 = Client(fixture, region: Region);
        var s3 = Assert.Single((await ec2.DescribePrefixListsAsync(new DescribePrefixListsRequest { Filters = [new Filter("prefix-list-name", ["com.amazonaws.ap-southeast-2.s3"])] }, Ct)).PrefixLists);
        Assert.Matches("^pl-[0-9a-f]{8}$", s3.PrefixListId);
        Assert.NotEmpty(s3.Cidrs);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.80.0.0/16" }, Ct)).Vpc;
        var rtb = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc.VpcId }, Ct)).RouteTable.RouteTableId;

        var endpoint = (await ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest
        {
            VpcId = vpc.VpcId,
            ServiceName = "com.amazonaws.ap-southeast-2.s3",
            VpcEndpointType = "Gateway",
            RouteTableIds = [rtb],
            TagSpecifications = [new TagSpecification { ResourceType = "vpc-endpoint", Tags = [new Tag("Name", "s3")] }],
        }, Ct)).VpcEndpoint;
        Assert.Matches("^vpce-[0-9a-f]{17}$", endpoint.VpcEndpointId);
        // EC2 answers the endpoint's state in lower case ("available"); the SDK reads it into its constant.
        Assert.Equal(("available", rtb), (endpoint.State.Value.ToLowerInvariant(), Assert.Single(endpoint.RouteTableIds)));
        Assert.Contains("\"Allow\"", endpoint.PolicyDocument);
        var route = Assert.Single((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [rtb] }, Ct)).RouteTables).Routes
            .Single(r => r.DestinationPrefixListId is not null);
        Assert.Equal((s3.PrefixListId, endpoint.VpcEndpointId), (route.DestinationPrefixListId, route.GatewayId));
        await Fails(() => ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest { VpcId = vpc.VpcId, ServiceName = "com.amazonaws.ap-southeast-2.s3", RouteTableIds = [rtb] }, Ct), "RouteAlreadyExists");
        await Fails(() => ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest { VpcId = vpc.VpcId, ServiceName = "com.amazonaws.ap-southeast-2.nope" }, Ct), "InvalidServiceName");
        Assert.Single((await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { Filters = [new Filter("service-name", ["*.s3"]), new Filter("vpc-id", [vpc.VpcId])] }, Ct)).VpcEndpoints);

        await Fails(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct), "DependencyViolation");
        var deleted = await ec2.DeleteVpcEndpointsAsync(new DeleteVpcEndpointsRequest { VpcEndpointIds = [endpoint.VpcEndpointId, "vpce-0123456789abcdef0"] }, Ct);
        Assert.Equal("vpce-0123456789abcdef0", Assert.Single(deleted.Unsuccessful).ResourceId);
        Assert.DoesNotContain(Assert.Single((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [rtb] }, Ct)).RouteTables).Routes,
            r => r.DestinationPrefixListId is not null);
        await Fails(() => ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { VpcEndpointIds = [endpoint.VpcEndpointId] }, Ct), "InvalidVpcEndpointId.NotFound");
        await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = rtb }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
    }

    [Fact]
    public async Task ModifyVpcEndpoint_moves_the_prefix_list_routes_between_tables_and_sets_or_resets_the_policy()
    {
        using var ec2 = Client(fixture, region: Region);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.83.0.0/16" }, Ct)).Vpc.VpcId;
        var first = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc }, Ct)).RouteTable.RouteTableId;
        var second = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc }, Ct)).RouteTable.RouteTableId;
        var other = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.84.0.0/16" }, Ct)).Vpc.VpcId;
        var foreign = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = other }, Ct)).RouteTable.RouteTableId;
        var endpoint = (await ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest
        {
            VpcId = vpc,
            ServiceName = "com.amazonaws.ap-southeast-2.s3",
            RouteTableIds = [first],
        }, Ct)).VpcEndpoint.VpcEndpointId;
        const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""";

        await ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest
        {
            VpcEndpointId = endpoint,
            AddRouteTableIds = [second],
            RemoveRouteTableIds = [first],
            PolicyDocument = Policy,
        }, Ct);
        var described = Assert.Single((await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { VpcEndpointIds = [endpoint] }, Ct)).VpcEndpoints);
        Assert.Equal((second, Policy), (Assert.Single(described.RouteTableIds), described.PolicyDocument));
        Assert.Equal(endpoint, (await PrefixListRoute(ec2, second))?.GatewayId);
        Assert.Null(await PrefixListRoute(ec2, first));

        await ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = endpoint, ResetPolicy = true, AddRouteTableIds = [second] }, Ct);
        described = Assert.Single((await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { VpcEndpointIds = [endpoint] }, Ct)).VpcEndpoints);
        Assert.Equal(second, Assert.Single(described.RouteTableIds));
        Assert.Contains("\"Action\":\"*\"", described.PolicyDocument);

        await Fails(() => ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = "vpce-0123456789abcdef0", ResetPolicy = true }, Ct), "InvalidVpcEndpointId.NotFound");
        await Fails(() => ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = endpoint, AddRouteTableIds = ["rtb-0123456789abcdef0"] }, Ct), "InvalidRouteTableID.NotFound");
        await Fails(() => ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = endpoint, AddRouteTableIds = [foreign] }, Ct), "InvalidParameterValue");
        Assert.Equal(second, Assert.Single(Assert.Single((await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { VpcEndpointIds = [endpoint] }, Ct)).VpcEndpoints).RouteTableIds));

        await ec2.DeleteVpcEndpointsAsync(new DeleteVpcEndpointsRequest { VpcEndpointIds = [endpoint] }, Ct);
        foreach (var table in new[] { first, second, foreign }) await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = table }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = other }, Ct);
    }

    [Fact]
    public async Task ModifyVpcEndpoint_refuses_a_table_that_already_routes_the_prefix_list()
    {
        using var ec2 = Client(fixture, region: Region);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.85.0.0/16" }, Ct)).Vpc.VpcId;
        var table = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc }, Ct)).RouteTable.RouteTableId;
        var taken = (await ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest { VpcId = vpc, ServiceName = "com.amazonaws.ap-southeast-2.s3", RouteTableIds = [table] }, Ct)).VpcEndpoint.VpcEndpointId;
        var idle = (await ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest { VpcId = vpc, ServiceName = "com.amazonaws.ap-southeast-2.s3" }, Ct)).VpcEndpoint.VpcEndpointId;

        await Fails(() => ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = idle, AddRouteTableIds = [table] }, Ct), "RouteAlreadyExists");
        Assert.Equal(taken, (await PrefixListRoute(ec2, table))?.GatewayId);
        Assert.Empty(Assert.Single((await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { VpcEndpointIds = [idle] }, Ct)).VpcEndpoints).RouteTableIds ?? []);

        await ec2.DeleteVpcEndpointsAsync(new DeleteVpcEndpointsRequest { VpcEndpointIds = [taken, idle] }, Ct);
        await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = table }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc }, Ct);
    }

    private static async Task<Route?> PrefixListRoute(Amazon.EC2.AmazonEC2Client ec2, string table) =>
        Assert.Single((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [table] }, Ct)).RouteTables).Routes
            .SingleOrDefault(r => r.DestinationPrefixListId is not null);

    [Fact]
    public async Task Every_networking_resource_takes_tags_and_DescribeTags_finds_them()
    {
        using var ec2 = Client(fixture, region: Region);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.81.0.0/16" }, Ct)).Vpc.VpcId;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.81.1.0/24" }, Ct)).Subnet.SubnetId;
        var igw = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest(), Ct)).InternetGateway.InternetGatewayId;
        var rtb = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc }, Ct)).RouteTable.RouteTableId;
        var sg = (await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "tagged", Description = "t", VpcId = vpc }, Ct)).GroupId;
        var eip = (await ec2.AllocateAddressAsync(new AllocateAddressRequest(), Ct)).AllocationId;
        string[] ids = [vpc, subnet, igw, rtb, sg, eip];

        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [.. ids], Tags = [new Tag("karpenter.sh/discovery", "tags"), new Tag("env", "dev")] }, Ct);
        var tagged = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("key", ["karpenter.sh/discovery"]), new Filter("resource-id", [.. ids])] }, Ct)).Tags;
        Assert.Equal(
            new[] { "elastic-ip", "internet-gateway", "route-table", "security-group", "subnet", "vpc" },
            tagged.Select(t => t.ResourceType.Value).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(subnet, Assert.Single((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("tag:karpenter.sh/discovery", ["tags"])] }, Ct)).Subnets).SubnetId);
        Assert.Equal(sg, Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("tag-key", ["karpenter.sh/discovery"])] }, Ct)).SecurityGroups).GroupId);

        await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [.. ids], Tags = [new Tag { Key = "env" }] }, Ct);
        Assert.Empty((await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("key", ["env"]), new Filter("resource-id", [.. ids])] }, Ct)).Tags ?? []);
        await Fails(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = ["subnet-0123456789abcdef0"], Tags = [new Tag("a", "b")] }, Ct), "InvalidSubnetID.NotFound");
        await Fails(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = ["nat-0123456789abcdef0"], Tags = [new Tag("a", "b")] }, Ct), "NatGatewayNotFound");

        await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = eip }, Ct);
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = sg }, Ct);
        await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = rtb }, Ct);
        await ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = igw }, Ct);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc }, Ct);
    }

    [Fact]
    public async Task A_role_without_the_action_is_refused_and_DryRun_says_which()
    {
        using var ec2 = Client(fixture, region: Region);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.82.0.0/16" }, Ct)).Vpc.VpcId;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.82.0.0/24" }, Ct)).Subnet.SubnetId;
        await Fails(() => ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "dry", Description = "d", VpcId = vpc, DryRun = true }, Ct), "DryRunOperation");
        await Fails(() => ec2.AllocateAddressAsync(new AllocateAddressRequest { DryRun = true }, Ct), "DryRunOperation");
        Assert.Empty((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("group-name", ["dry"])] }, Ct)).SecurityGroups ?? []);

        var cni = await RoleSessions.AssumeAsync(fixture, "ec2-sg", [CniPolicy], null, Ct);
        using var role = Client(fixture, cni, Region);
        await Fails(() => role.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "x", Description = "x", VpcId = vpc, DryRun = true }, Ct), "UnauthorizedOperation");
        await Fails(() => role.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnet, ConnectivityType = "private" }, Ct), "UnauthorizedOperation");
        await Fails(() => role.CreateVpcEndpointAsync(new CreateVpcEndpointRequest { VpcId = vpc, ServiceName = "com.amazonaws.ap-southeast-2.s3" }, Ct), "UnauthorizedOperation");
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc }, Ct);
    }
}
