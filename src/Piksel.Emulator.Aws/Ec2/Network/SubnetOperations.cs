using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// Subnets: a block inside the VPC's (InvalidSubnet.Range), overlapping no other subnet (InvalidSubnet.Conflict), in
/// one of the region's zones; AWS keeps five addresses of each, so a /24 has 251 available.
/// </summary>
internal sealed class SubnetOperations(NetworkStore store) : IOperationGroup
{
    private static readonly Dictionary<string, Func<SubnetRecord, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["subnet-id"] = s => [s.Id],
        ["vpc-id"] = s => [s.VpcId],
        ["availability-zone"] = s => [s.AvailabilityZone],
        ["availabilityZone"] = s => [s.AvailabilityZone],
        ["availability-zone-id"] = s => [ZoneId(s)],
        ["cidr-block"] = s => [s.CidrBlock],
        ["cidr"] = s => [s.CidrBlock],
        ["cidrBlock"] = s => [s.CidrBlock],
        ["state"] = _ => ["available"],
        ["owner-id"] = s => [s.Account],
        ["default-for-az"] = _ => ["false"],
        ["map-public-ip-on-launch"] = s => [XmlValues.Bool(s.MapPublicIpOnLaunch)],
        ["available-ip-address-count"] = s => [Available(s).ToString(CultureInfo.InvariantCulture)],
        ["subnet-arn"] = s => [ArnOf(s)],
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateSubnet", "ec2:CreateSubnet", CreateSubnet)
        .Add("DescribeSubnets", "ec2:DescribeSubnets", context => NetworkCalls.Describe(context, () => NetworkStore.Mine(store.Subnets, context),
            "SubnetId", "subnet", NetworkErrors.SubnetNotFound, Filters, "subnetSet", (x, s) => WriteSubnet(x, s, "available")))
        .Add("DeleteSubnet", "ec2:DeleteSubnet", DeleteSubnet)
        .Add("ModifySubnetAttribute", "ec2:ModifySubnetAttribute", ModifySubnetAttribute);

    private OperationCall CreateSubnet(AwsRequestContext context)
    {
        var query = context.Query;
        var vpc = store.Vpc(context, query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        var text = query.Get("CidrBlock") ?? throw Ec2Errors.MissingParameter("cidrBlock");
        var cidr = Cidr.Parse(text) ?? throw NetworkStore.BadCidr("cidrBlock", text);
        var zone = Zone(context);
        var tags = query.TagSpecifications("subnet");
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["ec2:Vpc"] = [NetworkStore.Arn(context, "vpc", vpc.Id)] };
        var call = NetworkCalls.Create(context, "subnet", tags, () =>
        {
            if (!Cidr.Parse(vpc.CidrBlock)!.Value.Contains(cidr) || cidr.Prefix > 28)
                throw new AwsServiceException("InvalidSubnet.Range", $"The CIDR '{text}' is invalid.");
            if (NetworkStore.Mine(store.Subnets, context).Any(s => s.VpcId == vpc.Id && Cidr.Parse(s.CidrBlock)!.Value.Overlaps(cidr)))
                throw new AwsServiceException("InvalidSubnet.Conflict", $"The CIDR '{text}' conflicts with another subnet");
            var subnet = new SubnetRecord(context.AccountId, context.Region, NetworkStore.NewId("subnet"), vpc.Id, cidr.ToString(), zone) { Tags = tags };
            store.Subnets.Put(NetworkStore.Row(subnet), subnet);
            return xml =>
            {
                xml.WriteStartElement("subnet");
                WriteSubnet(xml, subnet, "pending");
                xml.WriteEndElement();
            };
        }, keys);
        // Creating a subnet acts on its VPC too, as EC2 authorizes it.
        call.AndAlso("ec2:CreateSubnet", new Access(NetworkStore.Arn(context, "vpc", vpc.Id)) { ContextKeys = NetworkStore.ResourceKeys(vpc) });
        return call;
    }

    private OperationCall DeleteSubnet(AwsRequestContext context)
    {
        var subnet = store.Subnet(context, context.Query.Get("SubnetId") ?? throw Ec2Errors.MissingParameter("subnetId"));
        return NetworkCalls.Change(context, "subnet", subnet, () =>
        {
            var now = context.Time.GetUtcNow();
            if (NetworkStore.Mine(store.NatGateways, context).Any(n => n.SubnetId == subnet.Id && NatGatewayStates.Holds(n, now)))
                throw NetworkErrors.DependencyViolation("subnet", subnet.Id);
            // An explicit route table association goes with the subnet, as it does in EC2.
            foreach (var table in NetworkStore.Mine(store.RouteTables, context).Where(t => t.Associations.Any(a => a.SubnetId == subnet.Id)))
                store.RouteTables.Update(NetworkStore.Row(table), t => t is null ? null : t with { Associations = [.. t.Associations.Where(a => a.SubnetId != subnet.Id)] });
            store.Subnets.Remove(NetworkStore.Row(subnet));
        });
    }

    private OperationCall ModifySubnetAttribute(AwsRequestContext context)
    {
        var subnet = store.Subnet(context, context.Query.Get("SubnetId") ?? throw Ec2Errors.MissingParameter("subnetId"));
        var map = context.Query.Bool("MapPublicIpOnLaunch.Value");
        return NetworkCalls.Change(context, "subnet", subnet, () =>
        {
            if (map is { } value)
                store.Subnets.Update(NetworkStore.Row(subnet), s => s is null ? null : s with { MapPublicIpOnLaunch = value });
        });
    }

    /// <summary>The zone asked for by name or id (not both), validated against the region's; the first zone when none is.</summary>
    private static string Zone(AwsRequestContext context)
    {
        var name = context.Query.Get("AvailabilityZone");
        var id = context.Query.Get("AvailabilityZoneId");
        if (name is not null && id is not null)
            throw Ec2Errors.InvalidParameterCombination("Only one of availabilityZone or availabilityZoneId may be specified.");
        var zones = Ec2Zones.Of(context.Region);
        if (id is not null) return Ec2Zones.NameOf(context.Region, id)!;
        if (name is null) return zones[0].Name;
        return zones.Any(z => z.Name == name) ? name
            : throw Ec2Errors.InvalidParameterValue(
                $"Value ({name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {string.Join(", ", zones.Select(z => z.Name))}.");
    }

    private static string ZoneId(SubnetRecord subnet) => Ec2Zones.Of(subnet.Region).First(z => z.Name == subnet.AvailabilityZone).Id;

    /// <summary>2^(32-p) − 5: AWS reserves the network address, three addresses after it, and the broadcast address.</summary>
    private static long Available(SubnetRecord subnet) => Cidr.Parse(subnet.CidrBlock)!.Value.Size - 5;

    private static string ArnOf(SubnetRecord s) => $"arn:aws:ec2:{s.Region}:{s.Account}:subnet/{s.Id}";

    private static void WriteSubnet(XmlWriter xml, SubnetRecord subnet, string state)
    {
        xml.WriteElementString("subnetId", subnet.Id);
        xml.WriteElementString("subnetArn", ArnOf(subnet));
        xml.WriteElementString("state", state);
        xml.WriteElementString("ownerId", subnet.Account);
        xml.WriteElementString("vpcId", subnet.VpcId);
        xml.WriteElementString("cidrBlock", subnet.CidrBlock);
        xml.WriteStartElement("ipv6CidrBlockAssociationSet");
        xml.WriteEndElement();
        xml.WriteElementString("availableIpAddressCount", Available(subnet).ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("availabilityZone", subnet.AvailabilityZone);
        xml.WriteElementString("availabilityZoneId", ZoneId(subnet));
        xml.WriteElementString("defaultForAz", "false");
        xml.WriteElementString("mapPublicIpOnLaunch", XmlValues.Bool(subnet.MapPublicIpOnLaunch));
        xml.WriteElementString("assignIpv6AddressOnCreation", "false");
        NetworkCalls.WriteTags(xml, subnet);
    }
}
