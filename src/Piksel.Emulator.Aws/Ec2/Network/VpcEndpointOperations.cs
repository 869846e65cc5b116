using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// Gateway VPC endpoints (S3, DynamoDB): created <c>available</c> with a route to the service's <c>pl-</c> prefix list in
/// each of its route tables, described, deleted (its routes with it; an id that is not there is answered in
/// <c>unsuccessful</c>, as EC2 does), modified (route tables added or removed with their routes, policy set or reset);
/// and DescribePrefixLists for the region's AWS-managed lists.
/// </summary>
internal sealed class VpcEndpointOperations(NetworkStore store) : IOperationGroup
{
    /// <summary>The policy a gateway endpoint gets when none is given: everything, as AWS's default.</summary>
    private const string FullAccess = """{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";

    private static readonly Dictionary<string, Func<VpcEndpointRecord, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["vpc-endpoint-id"] = e => [e.Id],
        ["vpc-id"] = e => [e.VpcId],
        ["service-name"] = e => [e.ServiceName],
        ["vpc-endpoint-state"] = _ => ["available"],
        ["vpc-endpoint-type"] = _ => ["Gateway"],
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateVpcEndpoint", "ec2:CreateVpcEndpoint", Create)
        .Add("DescribeVpcEndpoints", "ec2:DescribeVpcEndpoints", context => NetworkCalls.Describe(context,
            () => NetworkStore.Mine(store.VpcEndpoints, context), "VpcEndpointId", "vpce", NetworkErrors.VpcEndpointNotFound, Filters,
            "vpcEndpointSet", WriteEndpoint))
        .Add("ModifyVpcEndpoint", "ec2:ModifyVpcEndpoint", Modify)
        .Add("DeleteVpcEndpoints", "ec2:DeleteVpcEndpoints", Delete)
        .Add("DescribePrefixLists", "ec2:DescribePrefixLists", DescribePrefixLists);

    private OperationCall Create(AwsRequestContext context)
    {
        var query = context.Query;
        var vpc = store.Vpc(context, query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        var serviceName = query.Get("ServiceName") ?? throw Ec2Errors.MissingParameter("serviceName");
        var type = query.Get("VpcEndpointType") ?? "Gateway";
        if (type is not ("Gateway" or "Interface" or "GatewayLoadBalancer"))
            throw Ec2Errors.InvalidParameterValue($"Value ({type}) for parameter vpcEndpointType is invalid. Valid values: Interface, Gateway, GatewayLoadBalancer.");
        var list = PrefixLists.ForService(context.Region, serviceName)
            ?? throw new AwsServiceException("InvalidServiceName", $"The Vpc Endpoint Service '{serviceName}' does not exist");
        if (type != "Gateway")
            throw new AwsServiceException("InvalidParameter", $"The emulator serves {serviceName} through Gateway endpoints only.");
        var policy = query.Get("PolicyDocument") ?? FullAccess;
        if (policy.Length > 20480) throw Ec2Errors.InvalidParameterValue("The policy document exceeds the maximum length of 20480 characters.");
        var tables = query.List("RouteTableId").Distinct(StringComparer.Ordinal).Select(id => store.RouteTable(context, id)).ToList();
        if (tables.FirstOrDefault(t => t.VpcId != vpc.Id) is { } foreign)
            throw Ec2Errors.InvalidParameterValue($"Route table {foreign.Id} does not belong to vpc {vpc.Id}");
        var tags = query.TagSpecifications("vpc-endpoint");
        var call = NetworkCalls.Create(context, "vpc-endpoint", tags, () =>
        {
            if (tables.FirstOrDefault(t => (store.RouteTables.Find(NetworkStore.Row(t)) ?? t).Routes.Any(r => r.DestinationPrefixListId == list.Id)) is { } taken)
                throw new AwsServiceException("RouteAlreadyExists", $"route table {taken.Id} already has a route with destination-prefix-list-id {list.Id}");
            var endpoint = new VpcEndpointRecord(context.AccountId, context.Region, NetworkStore.NewId("vpce"), vpc.Id, serviceName, list.Id, policy,
                context.Time.GetUtcNow())
            { Tags = tags, RouteTableIds = [.. tables.Select(t => t.Id)] };
            var route = new RouteEntry(null, list.Id, endpoint.Id, null, "CreateRoute");
            foreach (var table in tables)
                store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Routes = [.. t.Routes, route] });
            store.VpcEndpoints.Put(NetworkStore.Row(endpoint), endpoint);
            return xml =>
            {
                xml.WriteStartElement("vpcEndpoint");
                WriteEndpoint(xml, endpoint);
                xml.WriteEndElement();
                if (query.Get("ClientToken") is { } token) xml.WriteElementString("clientToken", token);
            };
        });
        // Creating an endpoint acts on its VPC and route tables too, as EC2 authorizes it.
        call.AndAlso("ec2:CreateVpcEndpoint", new Access(NetworkStore.Arn(context, "vpc", vpc.Id)) { ContextKeys = NetworkStore.ResourceKeys(vpc) });
        foreach (var table in tables)
            call.AndAlso("ec2:CreateVpcEndpoint", new Access(NetworkStore.Arn(context, "route-table", table.Id)) { ContextKeys = NetworkStore.ResourceKeys(table) });
        return call;
    }

    private OperationCall Modify(AwsRequestContext context)
    {
        var query = context.Query;
        var id = query.Get("VpcEndpointId") ?? throw Ec2Errors.MissingParameter("vpcEndpointId");
        var endpoint = store.VpcEndpoints.Find(NetworkStore.Row(context, NetworkStore.RequireId(id, "vpce")))
            ?? throw NetworkErrors.VpcEndpointNotFound(id);
        var reset = query.Bool("ResetPolicy") ?? false;
        var policy = query.Get("PolicyDocument");
        if (reset && policy is not null)
            throw new AwsServiceException("InvalidParameterCombination", "The parameters resetPolicy and policyDocument cannot be used together.");
        if (policy is { Length: > 20480 }) throw Ec2Errors.InvalidParameterValue("The policy document exceeds the maximum length of 20480 characters.");
        var added = query.List("AddRouteTableId").Distinct(StringComparer.Ordinal).Select(t => store.RouteTable(context, t)).ToList();
        var removed = query.List("RemoveRouteTableId").Distinct(StringComparer.Ordinal).Select(t => store.RouteTable(context, t)).ToList();
        if (added.FirstOrDefault(t => t.VpcId != endpoint.VpcId) is { } foreign)
            throw Ec2Errors.InvalidParameterValue($"Route table {foreign.Id} does not belong to vpc {endpoint.VpcId}");
        if (added.FirstOrDefault(a => removed.Any(r => r.Id == a.Id)) is { } both)
            throw Ec2Errors.InvalidParameterValue($"Route table {both.Id} cannot be both added and removed.");
        var call = NetworkCalls.Change(context, "vpc-endpoint", endpoint, () =>
        {
            var current = store.VpcEndpoints.Find(NetworkStore.Row(endpoint)) ?? throw NetworkErrors.VpcEndpointNotFound(id);
            // A table already on this endpoint keeps its one route; any other route to the list is a clash, as EC2 answers.
            var fresh = added.Where(t => !current.RouteTableIds.Contains(t.Id)).ToList();
            if (fresh.FirstOrDefault(t => (store.RouteTables.Find(NetworkStore.Row(t)) ?? t).Routes.Any(r => r.DestinationPrefixListId == current.PrefixListId)) is { } taken)
                throw new AwsServiceException("RouteAlreadyExists", $"route table {taken.Id} already has a route with destination-prefix-list-id {current.PrefixListId}");
            var route = new RouteEntry(null, current.PrefixListId, current.Id, null, "CreateRoute");
            foreach (var table in fresh)
                store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Routes = [.. t.Routes, route] });
            var gone = removed.Where(t => current.RouteTableIds.Contains(t.Id)).ToList();
            foreach (var table in gone)
                store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Routes = [.. t.Routes.Where(r => r.GatewayId != current.Id)] });
            var updated = current with
            {
                PolicyDocument = reset ? FullAccess : policy ?? current.PolicyDocument,
                RouteTableIds = [.. current.RouteTableIds.Where(t => gone.All(g => g.Id != t)), .. fresh.Select(t => t.Id)],
            };
            store.VpcEndpoints.Put(NetworkStore.Row(updated), updated);
        });
        // Adding or removing a table acts on that table too, as EC2 authorizes it.
        foreach (var table in added.Concat(removed))
            call.AndAlso("ec2:ModifyVpcEndpoint", new Access(NetworkStore.Arn(context, "route-table", table.Id)) { ContextKeys = NetworkStore.ResourceKeys(table) });
        return call;
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var ids = context.Query.List("VpcEndpointId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("vpcEndpointId");
        if (ids.Count > 1000) throw Ec2Errors.InvalidParameterValue("The maximum number of VPC endpoint ids is 1000.");
        var found = ids.Select(id => (Id: id, Endpoint: WellFormed(id) ? store.VpcEndpoints.Find(NetworkStore.Row(context, id)) : null)).ToList();
        var access = found.FirstOrDefault(f => f.Endpoint is not null).Endpoint is { } first
            ? new Access(NetworkStore.Arn(context, "vpc-endpoint", first.Id)) { ContextKeys = NetworkStore.ResourceKeys(first) }
            : new Access(NetworkStore.Arn(context, "vpc-endpoint", "*"));
        var call = Answer(context, access, () =>
        {
            context.Query.StopIfDryRun();
            foreach (var endpoint in found.Select(f => f.Endpoint).OfType<VpcEndpointRecord>())
            {
                foreach (var tableId in endpoint.RouteTableIds)
                {
                    store.RouteTables.Update(Ec2Store.Row(endpoint.Account, endpoint.Region, tableId), t => t is null ? null
                        : t with { Routes = [.. t.Routes.Where(r => r.GatewayId != endpoint.Id)] });
                }
                store.VpcEndpoints.Remove(NetworkStore.Row(endpoint));
            }
            return xml => xml.WriteSet("unsuccessful", found.Where(f => f.Endpoint is null), (x, f) =>
            {
                x.WriteStartElement("error");
                x.WriteElementString("code", WellFormed(f.Id) ? "InvalidVpcEndpoint.NotFound" : "InvalidVpcEndpointId.Malformed");
                x.WriteElementString("message", WellFormed(f.Id) ? $"The Vpc Endpoint Id '{f.Id}' does not exist" : $"Invalid Id: '{f.Id}'");
                x.WriteEndElement();
                x.WriteElementString("resourceId", f.Id);
            });
        });
        foreach (var other in found.Select(f => f.Endpoint).OfType<VpcEndpointRecord>().Skip(1))
            call.AndAlso("ec2:DeleteVpcEndpoints", new Access(NetworkStore.Arn(context, "vpc-endpoint", other.Id)) { ContextKeys = NetworkStore.ResourceKeys(other) });
        return call;
    }

    private static OperationCall DescribePrefixLists(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var ids = context.Query.List("PrefixListId");
            var all = PrefixLists.Of(context.Region);
            foreach (var id in ids) PrefixLists.Require(context.Region, id);
            var filters = context.Query.Filters();
            if (filters.FirstOrDefault(f => f.Name is not ("prefix-list-id" or "prefix-list-name")) is { } bad)
                throw Ec2Errors.InvalidParameterValue($"The filter '{bad.Name}' is invalid");
            var maxResults = context.Query.Int("MaxResults");
            if (maxResults is < 5 or > 1000)
                throw Ec2Errors.InvalidParameterValue($"Value ( {maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
            context.Query.StopIfDryRun();
            var lists = all.Where(p => ids.Count == 0 || ids.Contains(p.Id))
                .Where(p => filters.All(f => f.MatchesAny(f.Name == "prefix-list-id" ? p.Id : p.Name))).ToList();
            var (page, next) = Page(lists, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("prefixListSet", page, (x, p) =>
                {
                    x.WriteElementString("prefixListId", p.Id);
                    x.WriteElementString("prefixListName", p.Name);
                    x.WriteSet("cidrSet", p.Cidrs, (y, c) => y.WriteString(c));
                });
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    private static bool WellFormed(string id)
    {
        try
        {
            NetworkStore.RequireId(id, "vpce");
            return true;
        }
        catch (AwsServiceException)
        {
            return false;
        }
    }

    private static void WriteEndpoint(XmlWriter xml, VpcEndpointRecord endpoint)
    {
        xml.WriteElementString("vpcEndpointId", endpoint.Id);
        xml.WriteElementString("vpcEndpointType", "Gateway");
        xml.WriteElementString("vpcId", endpoint.VpcId);
        xml.WriteElementString("serviceName", endpoint.ServiceName);
        xml.WriteElementString("state", "available");
        xml.WriteElementString("policyDocument", endpoint.PolicyDocument);
        xml.WriteSet("routeTableIdSet", endpoint.RouteTableIds, (x, id) => x.WriteString(id));
        xml.WriteStartElement("subnetIdSet");
        xml.WriteEndElement();
        xml.WriteStartElement("groupSet");
        xml.WriteEndElement();
        xml.WriteElementString("ipAddressType", "ipv4");
        xml.WriteElementString("privateDnsEnabled", "false");
        xml.WriteElementString("requesterManaged", "false");
        xml.WriteStartElement("networkInterfaceIdSet");
        xml.WriteEndElement();
        xml.WriteStartElement("dnsEntrySet");
        xml.WriteEndElement();
        xml.WriteElementString("creationTimestamp", XmlValues.Timestamp(endpoint.CreateTime));
        NetworkCalls.WriteTags(xml, endpoint);
        xml.WriteElementString("ownerId", endpoint.Account);
    }
}
