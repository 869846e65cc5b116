using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Ec2;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Ec2;

/// <summary>
/// Elastic IPs, NAT gateways and the S3 gateway endpoint against the embedded emulator: the NAT waited for until
/// available, a NAT route and the endpoint on a private table, drift repaired, deleted NAT before EIP.
/// </summary>
[Collection(HandlerCollection.Name)]
public sealed class Ec2NatHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Named(string environment, string name) =>
        new(HandlerFixture.Tags(environment), StringComparer.Ordinal) { ["Name"] = name };

    [Fact]
    public async Task A_nat_gateway_with_its_elastic_ip_routes_a_private_table_and_the_s3_endpoint_sits_on_it()
    {
        var environment = HandlerFixture.Unique("env");
        T Spec<T>(Func<string, T> make, string prefix) => make(HandlerFixture.Unique(prefix));
        var vpc = Spec(n => new Ec2Vpc { Name = n, Account = HandlerFixture.Account, CidrBlock = "10.50.0.0/16", Tags = Named(environment, n) }, "vpc");
        var vpcId = (await new Ec2VpcHandler(fixture.Context).ApplyAsync(vpc, null, Ct))["id"];
        var igw = Spec(n => new Ec2InternetGateway { Name = n, Account = HandlerFixture.Account, VpcId = vpcId, Tags = Named(environment, n) }, "igw");
        await new Ec2InternetGatewayHandler(fixture.Context).ApplyAsync(igw, null, Ct);
        var subnet = Spec(n => new Ec2Subnet { Name = n, Account = HandlerFixture.Account, VpcId = vpcId, CidrBlock = "10.50.0.0/24", AvailabilityZone = "us-east-1a", Tags = Named(environment, n) }, "public");
        var subnetId = (await new Ec2SubnetHandler(fixture.Context).ApplyAsync(subnet, null, Ct))["id"];

        var addresses = new Ec2ElasticIpHandler(fixture.Context);
        var eip = Spec(n => new Ec2ElasticIp { Name = n, Account = HandlerFixture.Account, Tags = Named(environment, n) }, "eip");
        var allocation = await addresses.ApplyAsync(eip, null, Ct);
        Assert.StartsWith("eipalloc-", allocation[Ec2ElasticIp.AllocationIdOutput], StringComparison.Ordinal);
        Attributes.Equal(eip, (await addresses.ReadAsync(eip, Ct))!.State);

        var nats = new Ec2NatGatewayHandler(fixture.Context) { PollInterval = TimeSpan.FromMilliseconds(100), StateWait = TimeSpan.FromSeconds(60) };
        var nat = Spec(n => new Ec2NatGateway
        {
            Name = n,
            Account = HandlerFixture.Account,
            SubnetId = subnetId,
            AllocationId = allocation[Ec2ElasticIp.AllocationIdOutput],
            Tags = Named(environment, n),
        }, "nat");
        var natId = (await nats.ApplyAsync(nat, null, Ct))["id"];
        Attributes.Equal(nat, (await nats.ReadAsync(nat, Ct))!.State);

        var tables = new Ec2RouteTableHandler(fixture.Context);
        var table = Spec(n => new Ec2RouteTable
        {
            Name = n,
            Account = HandlerFixture.Account,
            VpcId = vpcId,
            Routes = [new Ec2Route("0.0.0.0/0", NatGatewayId: natId)],
            Tags = Named(environment, n),
        }, "private");
        var tableId = (await tables.ApplyAsync(table, null, Ct))["id"];

        var endpoints = new Ec2VpcEndpointHandler(fixture.Context);
        var endpoint = Spec(n => new Ec2VpcEndpoint
        {
            Name = n,
            Account = HandlerFixture.Account,
            VpcId = vpcId,
            ServiceName = "com.amazonaws.us-east-1.s3",
            RouteTableIds = [tableId],
            Tags = Named(environment, n),
        }, "s3");
        await endpoints.ApplyAsync(endpoint, null, Ct);
        Attributes.Equal(endpoint, (await endpoints.ReadAsync(endpoint, Ct))!.State);
        Attributes.Equal(table, (await tables.ReadAsync(table, Ct))!.State); // the endpoint's prefix-list route is not the table's drift

        // Drift: the endpoint taken off the table behind the engine's back comes back.
        using var ec2 = new AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials("test", "test"), AwsHandlerContext.SdkConfigFor<AmazonEC2Config>(fixture.Access));
        var endpointId = (await endpoints.ReadAsync(endpoint, Ct))!.Outputs["id"];
        await ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = endpointId, RemoveRouteTableIds = [tableId] }, Ct);
        Assert.Empty((await endpoints.ReadAsync(endpoint, Ct))!.State.RouteTableIds);
        await endpoints.ApplyAsync(endpoint, null, Ct);
        Attributes.Equal(endpoint, (await endpoints.ReadAsync(endpoint, Ct))!.State);

        // Destroy in dependency order: endpoint, table, NAT (waited for until deleted), EIP, subnet, gateway, VPC.
        await endpoints.DeleteAsync((await endpoints.ReadAsync(endpoint, Ct))!, Ct);
        await tables.DeleteAsync((await tables.ReadAsync(table, Ct))!, Ct);
        await nats.DeleteAsync((await nats.ReadAsync(nat, Ct))!, Ct);
        Assert.Null(await nats.ReadAsync(nat, Ct));
        await addresses.DeleteAsync((await addresses.ReadAsync(eip, Ct))!, Ct);
        Assert.Null(await addresses.ReadAsync(eip, Ct));
        await new Ec2SubnetHandler(fixture.Context).DeleteAsync((await new Ec2SubnetHandler(fixture.Context).ReadAsync(subnet, Ct))!, Ct);
        await new Ec2InternetGatewayHandler(fixture.Context).DeleteAsync((await new Ec2InternetGatewayHandler(fixture.Context).ReadAsync(igw, Ct))!, Ct);
        await new Ec2VpcHandler(fixture.Context).DeleteAsync((await new Ec2VpcHandler(fixture.Context).ReadAsync(vpc, Ct))!, Ct);
    }
}
