using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Ec2;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Ec2;

/// <summary>
/// The EC2 network handlers against the embedded emulator through AWSSDK.EC2: create, read back equal to the spec (no
/// spurious drift), drift made behind the engine's back seen and repaired by the next apply, delete in dependency order.
/// </summary>
[Collection(HandlerCollection.Name)]
public sealed class Ec2NetworkHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonEC2Client Ec2()
    {
        var config = AwsHandlerContext.SdkConfigFor<AmazonEC2Config>(fixture.Access);
        return new AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials("test", "test"), config);
    }

    private static Dictionary<string, string> Named(string environment, string name) =>
        new(HandlerFixture.Tags(environment), StringComparer.Ordinal) { ["Name"] = name };

    private async Task<(string Environment, string VpcId, Ec2Vpc Vpc)> VpcAsync(string cidr)
    {
        var environment = HandlerFixture.Unique("env");
        var name = HandlerFixture.Unique("vpc");
        var vpc = new Ec2Vpc { Name = name, Account = HandlerFixture.Account, CidrBlock = cidr, Tags = Named(environment, name) };
        var outputs = await new Ec2VpcHandler(fixture.Context).ApplyAsync(vpc, null, Ct);
        return (environment, outputs["id"], vpc);
    }

    [Fact]
    public async Task A_vpc_reads_back_as_specified_and_its_dns_drift_is_repaired()
    {
        var handler = new Ec2VpcHandler(fixture.Context);
        var (_, id, vpc) = await VpcAsync("10.40.0.0/16");

        var read = await handler.ReadAsync(vpc, Ct);
        Attributes.Equal(vpc, read!.State);
        Assert.StartsWith("vpc-", id, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:ec2:us-east-1:{HandlerFixture.Account}:vpc/{id}", read.Outputs["arn"]);

        using var ec2 = Ec2();
        await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = id, EnableDnsHostnames = false }, Ct);
        var drifted = await handler.ReadAsync(vpc, Ct);
        Assert.False(drifted!.State.EnableDnsHostnames);

        await handler.ApplyAsync(vpc, drifted, Ct);
        Attributes.Equal(vpc, (await handler.ReadAsync(vpc, Ct))!.State);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(vpc, Ct));
        await handler.DeleteAsync(read, Ct); // already gone: not an error
    }

    [Fact]
    public async Task A_subnet_deleted_behind_the_engine_s_back_is_absent_and_made_again()
    {
        var (environment, vpcId, vpc) = await VpcAsync("10.41.0.0/16");
        var handler = new Ec2SubnetHandler(fixture.Context);
        var name = HandlerFixture.Unique("subnet");
        var subnet = new Ec2Subnet
        {
            Name = name,
            Account = HandlerFixture.Account,
            VpcId = vpcId,
            CidrBlock = "10.41.128.0/18",
            AvailabilityZone = "us-east-1b",
            Tags = Named(environment, name),
        };

        Assert.Null(await handler.ReadAsync(subnet with { VpcId = "${ref:Ec2Vpc.x#id}" }, Ct)); // VPC not made yet: absent without asking
        var outputs = await handler.ApplyAsync(subnet, null, Ct);
        var read = await handler.ReadAsync(subnet, Ct);
        Attributes.Equal(subnet, read!.State);

        using var ec2 = Ec2();
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = outputs["id"] }, Ct);
        Assert.Null(await handler.ReadAsync(subnet, Ct));
        var again = await handler.ApplyAsync(subnet, null, Ct);
        Assert.NotEqual(outputs["id"], again["id"]);
        Attributes.Equal(subnet, (await handler.ReadAsync(subnet, Ct))!.State);

        var listed = await handler.ListManagedAsync(environment, Ct);
        Assert.Equal(name, Assert.Single(listed).State.Name);

        await handler.DeleteAsync((await handler.ReadAsync(subnet, Ct))!, Ct);
        await new Ec2VpcHandler(fixture.Context).DeleteAsync((await new Ec2VpcHandler(fixture.Context).ReadAsync(vpc, Ct))!, Ct);
    }

    [Fact]
    public async Task An_internet_gateway_detached_behind_the_engine_s_back_is_attached_again_and_deleted_detached()
    {
        var (environment, vpcId, vpc) = await VpcAsync("10.42.0.0/16");
        var handler = new Ec2InternetGatewayHandler(fixture.Context);
        var name = HandlerFixture.Unique("igw");
        var gateway = new Ec2InternetGateway { Name = name, Account = HandlerFixture.Account, VpcId = vpcId, Tags = Named(environment, name) };

        var outputs = await handler.ApplyAsync(gateway, null, Ct);
        Attributes.Equal(gateway, (await handler.ReadAsync(gateway, Ct))!.State);

        using var ec2 = Ec2();
        await ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = outputs["id"], VpcId = vpcId }, Ct);
        Assert.Equal(string.Empty, (await handler.ReadAsync(gateway, Ct))!.State.VpcId);
        await handler.ApplyAsync(gateway, null, Ct);
        Attributes.Equal(gateway, (await handler.ReadAsync(gateway, Ct))!.State);

        await handler.DeleteAsync((await handler.ReadAsync(gateway, Ct))!, Ct);
        Assert.Null(await handler.ReadAsync(gateway, Ct));
        await new Ec2VpcHandler(fixture.Context).DeleteAsync((await new Ec2VpcHandler(fixture.Context).ReadAsync(vpc, Ct))!, Ct);
    }

    [Fact]
    public async Task A_route_table_s_routes_and_associations_converge_and_their_drift_is_repaired()
    {
        var (environment, vpcId, vpc) = await VpcAsync("10.43.0.0/16");
        var igwName = HandlerFixture.Unique("igw");
        var igw = (await new Ec2InternetGatewayHandler(fixture.Context).ApplyAsync(
            new Ec2InternetGateway { Name = igwName, Account = HandlerFixture.Account, VpcId = vpcId, Tags = Named(environment, igwName) }, null, Ct))["id"];
        var subnets = new Ec2SubnetHandler(fixture.Context);
        var subnetIds = new List<string>();
        foreach (var (cidr, zone) in new[] { ("10.43.0.0/24", "us-east-1a"), ("10.43.1.0/24", "us-east-1b") })
        {
            var name = HandlerFixture.Unique("subnet");
            subnetIds.Add((await subnets.ApplyAsync(new Ec2Subnet
            {
                Name = name,
                Account = HandlerFixture.Account,
                VpcId = vpcId,
                CidrBlock = cidr,
                AvailabilityZone = zone,
                Tags = Named(environment, name),
            }, null, Ct))["id"]);
        }

        var handler = new Ec2RouteTableHandler(fixture.Context);
        var tableName = HandlerFixture.Unique("rtb");
        var table = new Ec2RouteTable
        {
            Name = tableName,
            Account = HandlerFixture.Account,
            VpcId = vpcId,
            Routes = [new Ec2Route("0.0.0.0/0", GatewayId: igw)],
            SubnetIds = subnetIds,
            Tags = Named(environment, tableName),
        };
        var id = (await handler.ApplyAsync(table, null, Ct))["id"];
        Attributes.Equal(table, (await handler.ReadAsync(table, Ct))!.State); // the VPC's local route is EC2's, not drift

        using var ec2 = Ec2();
        await ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = id, DestinationCidrBlock = "0.0.0.0/0" }, Ct);
        await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = id, DestinationCidrBlock = "192.168.0.0/16", GatewayId = igw }, Ct);
        var association = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [id] }, Ct)).RouteTables[0].Associations
            .First(a => a.SubnetId == subnetIds[1]);
        await ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association.RouteTableAssociationId }, Ct);

        var drifted = (await handler.ReadAsync(table, Ct))!.State;
        Assert.Equal([new Ec2Route("192.168.0.0/16", GatewayId: igw)], drifted.Routes);
        Assert.Equal([subnetIds[0]], drifted.SubnetIds);
        Assert.False(Attributes.AreEqual(table, drifted));

        await handler.ApplyAsync(table, null, Ct);
        Attributes.Equal(table, (await handler.ReadAsync(table, Ct))!.State);

        // Delete in dependency order: the table (its associations first), the subnets, the gateway, the VPC.
        await handler.DeleteAsync((await handler.ReadAsync(table, Ct))!, Ct);
        Assert.Null(await handler.ReadAsync(table, Ct));
        foreach (var subnet in await subnets.ListManagedAsync(environment, Ct))
        {
            await subnets.DeleteAsync(subnet, Ct);
        }

        var gateways = new Ec2InternetGatewayHandler(fixture.Context);
        await gateways.DeleteAsync(Assert.Single(await gateways.ListManagedAsync(environment, Ct)), Ct);
        var vpcs = new Ec2VpcHandler(fixture.Context);
        await vpcs.DeleteAsync((await vpcs.ReadAsync(vpc, Ct))!, Ct);
        Assert.Empty(await vpcs.ListManagedAsync(environment, Ct));
    }

    [Fact]
    public async Task A_vpc_with_subnets_left_is_not_deleted_but_retried()
    {
        var (environment, vpcId, vpc) = await VpcAsync("10.44.0.0/16");
        var name = HandlerFixture.Unique("subnet");
        var subnets = new Ec2SubnetHandler(fixture.Context);
        var subnet = new Ec2Subnet { Name = name, Account = HandlerFixture.Account, VpcId = vpcId, CidrBlock = "10.44.0.0/24", AvailabilityZone = "us-east-1a", Tags = Named(environment, name) };
        await subnets.ApplyAsync(subnet, null, Ct);
        var vpcs = new Ec2VpcHandler(fixture.Context);

        await Assert.ThrowsAsync<Piksel.Platform.Providers.RetryableResourceException>(async () => await vpcs.DeleteAsync((await vpcs.ReadAsync(vpc, Ct))!, Ct));

        await subnets.DeleteAsync((await subnets.ReadAsync(subnet, Ct))!, Ct);
        await vpcs.DeleteAsync((await vpcs.ReadAsync(vpc, Ct))!, Ct);
    }
}
