using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// Route tables, their routes (to an internet gateway of the VPC) and their subnet associations. The main table and
/// a table still associated cannot be deleted (DependencyViolation); a destination is routed once (RouteAlreadyExists).
/// </summary>
internal sealed class RouteTableOperations(NetworkStore store) : IOperationGroup
{
    private static readonly Dictionary<string, Func<RouteTableRecord, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["route-table-id"] = t => [t.Id],
        ["vpc-id"] = t => [t.VpcId],
        ["association.main"] = t => [t.IsMain ? "true" : "false"],
        ["association.subnet-id"] = t => t.Associations.Select(a => a.SubnetId),
        ["association.route-table-association-id"] = t => t.Associations.Select(a => a.AssociationId),
        ["association.route-table-id"] = t => t.Associations.Count > 0 ? [t.Id] : [],
        ["route.destination-cidr-block"] = t => t.Routes.Select(r => r.DestinationCidrBlock),
        ["route.destination-prefix-list-id"] = t => t.Routes.Select(r => r.DestinationPrefixListId),
        ["route.gateway-id"] = t => t.Routes.Select(r => r.GatewayId),
        ["route.nat-gateway-id"] = t => t.Routes.Select(r => r.NatGatewayId),
        ["route.origin"] = t => t.Routes.Select(r => r.Origin),
        ["route.state"] = t => t.Routes.Count > 0 ? ["active"] : [],
        ["owner-id"] = t => [t.Account],
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateRouteTable", "ec2:CreateRouteTable", CreateRouteTable)
        .Add("DescribeRouteTables", "ec2:DescribeRouteTables", context => NetworkCalls.Describe(context,
            () => NetworkStore.Mine(store.RouteTables, context), "RouteTableId", "rtb", NetworkErrors.RouteTableNotFound, Filters,
            "routeTableSet", (x, t) => WriteTable(x, t, Blackholed(context))))
        .Add("DeleteRouteTable", "ec2:DeleteRouteTable", DeleteRouteTable)
        .Add("CreateRoute", "ec2:CreateRoute", context => ChangeRoute(context, replace: false))
        .Add("ReplaceRoute", "ec2:ReplaceRoute", context => ChangeRoute(context, replace: true))
        .Add("DeleteRoute", "ec2:DeleteRoute", DeleteRoute)
        .Add("AssociateRouteTable", "ec2:AssociateRouteTable", Associate)
        .Add("DisassociateRouteTable", "ec2:DisassociateRouteTable", Disassociate)
        .Add("ReplaceRouteTableAssociation", "ec2:ReplaceRouteTableAssociation", ReplaceAssociation);

    private OperationCall CreateRouteTable(AwsRequestContext context)
    {
        var vpc = store.Vpc(context, context.Query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        var tags = context.Query.TagSpecifications("route-table");
        return NetworkCalls.Create(context, "route-table", tags, () =>
        {
            var table = new RouteTableRecord(context.AccountId, context.Region, NetworkStore.NewId("rtb"), vpc.Id)
            {
                Tags = tags,
                Routes = [new RouteEntry(vpc.CidrBlock, null, "local", null, "CreateRouteTable")],
            };
            store.RouteTables.Put(NetworkStore.Row(table), table);
            return xml =>
            {
                xml.WriteStartElement("routeTable");
                WriteTable(xml, table, _ => false);
                xml.WriteEndElement();
            };
        });
    }

    private OperationCall DeleteRouteTable(AwsRequestContext context)
    {
        var table = Table(context);
        return NetworkCalls.Change(context, "route-table", table, () =>
        {
            var current = store.RouteTables.Find(NetworkStore.Row(table)) ?? table;
            if (current.Associations.Count > 0) throw NetworkErrors.DependencyViolation("routeTable", table.Id);
            store.RouteTables.Remove(NetworkStore.Row(table));
        });
    }

    private OperationCall ChangeRoute(AwsRequestContext context, bool replace)
    {
        var table = Table(context);
        var query = context.Query;
        var cidrText = query.Get("DestinationCidrBlock");
        var prefixList = query.Get("DestinationPrefixListId");
        if (cidrText is null && prefixList is null)
            throw Ec2Errors.MissingParameter("destinationCidrBlock or destinationIpv6CidrBlock or destinationPrefixListId");
        var destination = cidrText is null ? null : (Cidr.Parse(cidrText) ?? throw NetworkStore.BadCidr("destinationCidrBlock", cidrText)).ToString();
        var gatewayId = query.Get("GatewayId");
        var natId = query.Get("NatGatewayId");
        if ((gatewayId is null ? 0 : 1) + (natId is null ? 0 : 1) != 1)
            throw Ec2Errors.InvalidParameterCombination("The parameter combination is not valid: exactly one target (gatewayId, natGatewayId) must be specified.");
        if (gatewayId is not null && gatewayId != "local" && store.InternetGateway(context, gatewayId).VpcId != table.VpcId)
            throw Ec2Errors.InvalidParameterValue($"route table {table.Id} and network gateway {gatewayId} belong to different networks");
        if (natId is not null)
        {
            var nat = store.NatGateways.Find(NetworkStore.Row(context, NetworkStore.RequireId(natId, "nat")));
            if (nat is null || nat.VpcId != table.VpcId || !NatGatewayStates.Holds(nat, context.Time.GetUtcNow()))
                throw new AwsServiceException("InvalidNatGatewayID.NotFound", $"The natGateway ID '{natId}' does not exist");
        }
        var route = new RouteEntry(destination, prefixList, gatewayId, natId, "CreateRoute");
        return NetworkCalls.Change(context, "route-table", table, () =>
        {
            var current = store.RouteTables.Find(NetworkStore.Row(table)) ?? table;
            var existing = current.Routes.FirstOrDefault(r => r.Destination == route.Destination);
            if (!replace && existing is not null)
                throw new AwsServiceException("RouteAlreadyExists", $"The route identified by {route.Destination} already exists.");
            if (replace && existing is null)
                throw new AwsServiceException("InvalidRoute.NotFound", $"There is no route defined for '{route.Destination}' in the route table. Please correct the route table ID and try again.");
            store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null
                : t with { Routes = [.. t.Routes.Where(r => r.Destination != route.Destination), route] });
        });
    }

    private OperationCall DeleteRoute(AwsRequestContext context)
    {
        var table = Table(context);
        var destination = context.Query.Get("DestinationCidrBlock") is { } text
            ? (Cidr.Parse(text) ?? throw NetworkStore.BadCidr("destinationCidrBlock", text)).ToString()
            : context.Query.Get("DestinationPrefixListId") ?? throw Ec2Errors.MissingParameter("destinationCidrBlock or destinationIpv6CidrBlock or destinationPrefixListId");
        return NetworkCalls.Change(context, "route-table", table, () =>
        {
            var current = store.RouteTables.Find(NetworkStore.Row(table)) ?? table;
            var route = current.Routes.FirstOrDefault(r => r.Destination == destination)
                ?? throw new AwsServiceException("InvalidRoute.NotFound", $"no route with destination-cidr-block {destination} in route table {table.Id}");
            if (route.GatewayId == "local")
                throw Ec2Errors.InvalidParameterValue($"cannot remove local route {destination} in route table {table.Id}");
            store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Routes = [.. t.Routes.Where(r => r.Destination != destination)] });
        });
    }

    private OperationCall Associate(AwsRequestContext context)
    {
        var table = Table(context);
        var subnet = store.Subnet(context, context.Query.Get("SubnetId") ?? throw Ec2Errors.MissingParameter("subnetId"));
        if (subnet.VpcId != table.VpcId)
            throw Ec2Errors.InvalidParameterValue($"Route table {table.Id} and subnet {subnet.Id} belong to different networks");
        return NetworkCalls.Change(context, "route-table", table, () =>
        {
            if (NetworkStore.Mine(store.RouteTables, context).Any(t => t.Associations.Any(a => a.SubnetId == subnet.Id)))
                throw new AwsServiceException("Resource.AlreadyAssociated", $"the specified association for route table {table.Id} conflicts with an existing association");
            var association = new RouteTableAssociation(NetworkStore.NewId("rtbassoc"), subnet.Id, Main: false);
            store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Associations = [.. t.Associations, association] });
            return xml =>
            {
                xml.WriteElementString("associationId", association.AssociationId);
                WriteAssociationState(xml);
            };
        });
    }

    private OperationCall Disassociate(AwsRequestContext context)
    {
        var (table, association) = Association(context);
        if (association.Main) throw Ec2Errors.InvalidParameterValue($"cannot disassociate the main route table association {association.AssociationId}");
        return NetworkCalls.Change(context, "route-table", table, () =>
        {
            store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null
                : t with { Associations = [.. t.Associations.Where(a => a.AssociationId != association.AssociationId)] });
        });
    }

    private OperationCall ReplaceAssociation(AwsRequestContext context)
    {
        var (old, association) = Association(context);
        var table = Table(context);
        if (table.VpcId != old.VpcId)
            throw Ec2Errors.InvalidParameterValue($"Route table {table.Id} and association {association.AssociationId} belong to different networks");
        return NetworkCalls.Change(context, "route-table", table, () =>
        {
            var moved = association with { AssociationId = NetworkStore.NewId("rtbassoc") };
            store.RouteTables.Update(NetworkStore.Row(old), t => t is null ? null
                : t with { Associations = [.. t.Associations.Where(a => a.AssociationId != association.AssociationId)] });
            store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Associations = [.. t.Associations, moved] });
            return xml =>
            {
                xml.WriteElementString("newAssociationId", moved.AssociationId);
                WriteAssociationState(xml);
            };
        });
    }

    private RouteTableRecord Table(AwsRequestContext context) =>
        store.RouteTable(context, context.Query.Get("RouteTableId") ?? throw Ec2Errors.MissingParameter("routeTableId"));

    private (RouteTableRecord Table, RouteTableAssociation Association) Association(AwsRequestContext context)
    {
        var id = NetworkStore.RequireId(context.Query.Get("AssociationId") ?? throw Ec2Errors.MissingParameter("associationId"), "rtbassoc");
        foreach (var table in NetworkStore.Mine(store.RouteTables, context))
        {
            if (table.Associations.FirstOrDefault(a => a.AssociationId == id) is { } association) return (table, association);
        }
        throw NetworkErrors.AssociationNotFound(id);
    }

    private static void WriteAssociationState(XmlWriter xml)
    {
        xml.WriteStartElement("associationState");
        xml.WriteElementString("state", "associated");
        xml.WriteEndElement();
    }

    /// <summary>True for a route whose NAT gateway no longer holds its place: EC2 shows such a route as a blackhole.</summary>
    private Func<RouteEntry, bool> Blackholed(AwsRequestContext context)
    {
        var now = context.Time.GetUtcNow();
        return r => r.NatGatewayId is { } id
            && (store.NatGateways.Find(NetworkStore.Row(context, id)) is not { } nat || !NatGatewayStates.Holds(nat, now));
    }

    private static void WriteTable(XmlWriter xml, RouteTableRecord table, Func<RouteEntry, bool> blackholed)
    {
        xml.WriteElementString("routeTableId", table.Id);
        xml.WriteElementString("vpcId", table.VpcId);
        xml.WriteElementString("ownerId", table.Account);
        xml.WriteSet("routeSet", table.Routes, (x, r) =>
        {
            if (r.DestinationCidrBlock is not null) x.WriteElementString("destinationCidrBlock", r.DestinationCidrBlock);
            if (r.DestinationPrefixListId is not null) x.WriteElementString("destinationPrefixListId", r.DestinationPrefixListId);
            if (r.GatewayId is not null) x.WriteElementString("gatewayId", r.GatewayId);
            if (r.NatGatewayId is not null) x.WriteElementString("natGatewayId", r.NatGatewayId);
            x.WriteElementString("state", blackholed(r) ? "blackhole" : "active");
            x.WriteElementString("origin", r.Origin);
        });
        xml.WriteSet("associationSet", table.Associations, (x, a) =>
        {
            x.WriteElementString("routeTableAssociationId", a.AssociationId);
            x.WriteElementString("routeTableId", table.Id);
            if (a.SubnetId is not null) x.WriteElementString("subnetId", a.SubnetId);
            x.WriteElementString("main", XmlValues.Bool(a.Main));
            WriteAssociationState(x);
        });
        xml.WriteStartElement("propagatingVgwSet");
        xml.WriteEndElement();
        NetworkCalls.WriteTags(xml, table);
    }
}
