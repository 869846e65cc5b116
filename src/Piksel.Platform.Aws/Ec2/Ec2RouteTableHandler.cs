using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Aws;
using TableSpec = Piksel.Platform.Spec.Aws.Ec2RouteTable;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// Route tables through EC2 with their routes and subnet associations. Read reports the routes the platform answers
/// for: not the VPC's <c>local</c> route and not the prefix-list routes a gateway endpoint adds. Apply creates what is
/// missing, replaces a route whose target changed, removes routes and associations the spec does not hold, and moves
/// a subnet associated with another table to this one. Delete removes the associations, then the table. Outputs
/// <c>id</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2RouteTableHandler(AwsHandlerContext context) : Ec2ResourceHandler<TableSpec>(context)
{
    private static readonly string[] Absent = ["InvalidRouteTableID.NotFound"];

    /// <inheritdoc />
    protected override string Noun => "route table";

    /// <inheritdoc />
    protected override bool CanExist(TableSpec desired) => Resolved(desired.VpcId);

    /// <inheritdoc />
    protected override async Task<Observed<TableSpec>?> ReadAsync(AmazonEC2Client client, TableSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, ByName(desired.Name), cancellationToken) is { } table ? Observe(desired, table) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, TableSpec desired, CancellationToken cancellationToken)
    {
        var table = await FindAsync(client, ByName(desired.Name), cancellationToken)
            ?? (await client.CreateRouteTableAsync(new CreateRouteTableRequest
            {
                VpcId = desired.VpcId,
                TagSpecifications = TagOnCreate(ResourceType.RouteTable, desired.Tags),
            }, cancellationToken)).RouteTable;
        var id = table.RouteTableId;
        await ConvergeRoutesAsync(client, id, Routes(table), desired.Routes, cancellationToken);
        await ConvergeAssociationsAsync(client, table, desired.SubnetIds, cancellationToken);
        await ConvergeTagsAsync(client, id, TagsOf(table.Tags), desired.Tags, cancellationToken);
        return IdOutputs(desired, "route-table", id);
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(AmazonEC2Client client, Observed<TableSpec> actual, CancellationToken cancellationToken)
    {
        var id = actual.Outputs["id"];
        var table = await FindAsync(client, [new Filter { Name = "route-table-id", Values = [id] }], cancellationToken);
        foreach (var association in table?.Associations?.Where(a => a.Main != true && a.SubnetId is not null) ?? [])
        {
            await IgnoringAbsentAsync(() => client.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association.RouteTableAssociationId }, cancellationToken),
                "InvalidAssociationID.NotFound");
        }

        await DeleteWhenFreeAsync($"Route table {actual.State.Name}", () => client.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = id }, cancellationToken), Absent);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tables = await client.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var table in tables.RouteTables ?? [])
        {
            var tags = TagsOf(table.Tags);
            var stub = new TableSpec { Name = tags.GetValueOrDefault("Name", table.RouteTableId), Account = account, VpcId = table.VpcId };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<TableSpec>?>(Observe(stub, table)));
        }
    }

    private static async Task ConvergeRoutesAsync(AmazonEC2Client ec2, string id, IReadOnlyList<Ec2Route> actual, IReadOnlyList<Ec2Route> desired, CancellationToken cancellationToken)
    {
        foreach (var route in desired)
        {
            var current = actual.FirstOrDefault(r => r.DestinationCidrBlock == route.DestinationCidrBlock);
            if (current == route)
            {
                continue;
            }

            if (current is null)
            {
                await ec2.CreateRouteAsync(new CreateRouteRequest
                {
                    RouteTableId = id,
                    DestinationCidrBlock = route.DestinationCidrBlock,
                    GatewayId = route.GatewayId,
                    NatGatewayId = route.NatGatewayId,
                }, cancellationToken);
            }
            else
            {
                await ec2.ReplaceRouteAsync(new ReplaceRouteRequest
                {
                    RouteTableId = id,
                    DestinationCidrBlock = route.DestinationCidrBlock,
                    GatewayId = route.GatewayId,
                    NatGatewayId = route.NatGatewayId,
                }, cancellationToken);
            }
        }

        foreach (var extra in actual.Where(a => desired.All(d => d.DestinationCidrBlock != a.DestinationCidrBlock)))
        {
            await IgnoringAbsentAsync(() => ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = id, DestinationCidrBlock = extra.DestinationCidrBlock }, cancellationToken),
                "InvalidRoute.NotFound");
        }
    }

    private static async Task ConvergeAssociationsAsync(AmazonEC2Client ec2, RouteTable table, IReadOnlyList<string> desired, CancellationToken cancellationToken)
    {
        var associations = (table.Associations ?? []).Where(a => a.Main != true && a.SubnetId is not null).ToList();
        foreach (var subnet in desired.Where(s => associations.All(a => a.SubnetId != s)))
        {
            // A subnet has one table: one associated elsewhere (behind the engine's back) is moved here.
            var elsewhere = await FindAsync(ec2, [new Filter { Name = "association.subnet-id", Values = [subnet] }], cancellationToken);
            var association = elsewhere?.Associations?.FirstOrDefault(a => a.SubnetId == subnet);
            if (association is not null)
            {
                await ec2.ReplaceRouteTableAssociationAsync(new ReplaceRouteTableAssociationRequest
                {
                    AssociationId = association.RouteTableAssociationId,
                    RouteTableId = table.RouteTableId,
                }, cancellationToken);
            }
            else
            {
                await ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = table.RouteTableId, SubnetId = subnet }, cancellationToken);
            }
        }

        foreach (var extra in associations.Where(a => !desired.Contains(a.SubnetId, StringComparer.Ordinal)))
        {
            await IgnoringAbsentAsync(() => ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = extra.RouteTableAssociationId }, cancellationToken),
                "InvalidAssociationID.NotFound");
        }
    }

    private static async Task<RouteTable?> FindAsync(AmazonEC2Client ec2, List<Filter> filters, CancellationToken cancellationToken) =>
        (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = filters }, cancellationToken)).RouteTables?.FirstOrDefault();

    // The routes the platform answers for: not EC2's local route, not a gateway endpoint's prefix-list routes.
    private static List<Ec2Route> Routes(RouteTable table) =>
        [.. (table.Routes ?? [])
            .Where(r => r.GatewayId != "local" && r.DestinationCidrBlock is not null && r.DestinationPrefixListId is null)
            .Select(r => new Ec2Route(
                r.DestinationCidrBlock,
                r.GatewayId is { Length: > 0 } gateway ? gateway : null,
                r.NatGatewayId is { Length: > 0 } nat ? nat : null))];

    private Observed<TableSpec> Observe(TableSpec desired, RouteTable table)
    {
        var routes = Routes(table);
        var subnets = (table.Associations ?? []).Where(a => a.Main != true && a.SubnetId is not null).Select(a => a.SubnetId);
        var state = desired with
        {
            VpcId = table.VpcId,
            Routes = routes.Count == desired.Routes.Count && routes.All(desired.Routes.Contains)
                ? desired.Routes
                : [.. routes.OrderBy(r => r.DestinationCidrBlock, StringComparer.Ordinal)],
            SubnetIds = Canonical.SetLike(subnets, desired.SubnetIds),
            Tags = TagsOf(table.Tags),
        };
        return new Observed<TableSpec>(state, IdOutputs(desired, "route-table", table.RouteTableId));
    }
}
