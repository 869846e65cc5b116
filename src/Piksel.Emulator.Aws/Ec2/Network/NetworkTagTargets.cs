using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>Every networking resource as a tag target, by its id's prefix (vpc-, subnet-, igw-, rtb-, sg-, eipalloc-, nat-, vpce-).</summary>
internal sealed class NetworkTagTargets(NetworkStore store)
{
    /// <summary>The resource <paramref name="id"/> names; null when its prefix is not a networking one. A missing one is its NotFound.</summary>
    public TagTarget? Find(AwsRequestContext context, string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return (dash > 0 ? id[..dash] : "") switch
        {
            "vpc" => Target(context, store.Vpcs, "vpc", store.Vpc(context, id)),
            "subnet" => Target(context, store.Subnets, "subnet", store.Subnet(context, id)),
            "igw" => Target(context, store.InternetGateways, "internet-gateway", store.InternetGateway(context, id)),
            "rtb" => Target(context, store.RouteTables, "route-table", store.RouteTable(context, id)),
            "sg" => Target(context, store.SecurityGroups, "security-group", store.SecurityGroup(context, id)),
            "eipalloc" => Target(context, store.Addresses, "elastic-ip", store.Address(context, id)),
            "nat" => Target(context, store.NatGateways, "natgateway",
                store.NatGateways.Find(NetworkStore.Row(context, NetworkStore.RequireId(id, "nat"))) ?? throw NetworkErrors.NatGatewayNotFound(id)),
            "vpce" => Target(context, store.VpcEndpoints, "vpc-endpoint",
                store.VpcEndpoints.Find(NetworkStore.Row(context, NetworkStore.RequireId(id, "vpce"))) ?? throw NetworkErrors.VpcEndpointNotFound(id)),
            _ => null,
        };
    }

    /// <summary>Every tag of the caller's networking resources, with the resource's id and type.</summary>
    public IEnumerable<(string Id, string Type, Ec2Tag Tag)> All(AwsRequestContext context) =>
        Tagged(context, store.Vpcs, "vpc")
            .Concat(Tagged(context, store.Subnets, "subnet"))
            .Concat(Tagged(context, store.InternetGateways, "internet-gateway"))
            .Concat(Tagged(context, store.RouteTables, "route-table"))
            .Concat(Tagged(context, store.SecurityGroups, "security-group"))
            .Concat(Tagged(context, store.Addresses, "elastic-ip"))
            .Concat(Tagged(context, store.NatGateways, "natgateway"))
            .Concat(Tagged(context, store.VpcEndpoints, "vpc-endpoint"));

    private static IEnumerable<(string, string, Ec2Tag)> Tagged<T>(AwsRequestContext context, Table<T> table, string type) where T : class, INetworkResource =>
        NetworkStore.Mine(table, context).SelectMany(r => r.Tags.Select(t => (r.Id, type, t)));

    private static TagTarget Target<T>(AwsRequestContext context, Table<T> table, string type, T resource) where T : class, INetworkResource =>
        new(resource.Id, type, NetworkStore.Arn(context, type, resource.Id), resource.Tags, NetworkStore.ResourceKeys(resource),
            retag => table.Update(NetworkStore.Row(resource), r => r is null ? null : (T)r.WithTags(retag(r.Tags))));
}
