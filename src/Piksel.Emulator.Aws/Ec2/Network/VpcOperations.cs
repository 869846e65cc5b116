using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// VPCs: create (a /16–/28 IPv4 block, canonicalised; AWS makes the main route table with its local route, the default
/// security group and the default network ACL beside it), describe, delete (DependencyViolation while anything is in
/// it), and the DNS attributes.
/// </summary>
internal sealed class VpcOperations(NetworkStore store) : IOperationGroup
{
    private static readonly Dictionary<string, Func<VpcRecord, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["vpc-id"] = v => [v.Id],
        ["cidr"] = v => [v.CidrBlock],
        ["cidr-block-association.cidr-block"] = v => [v.CidrBlock],
        ["state"] = _ => ["available"],
        ["owner-id"] = v => [v.Account],
        ["is-default"] = _ => ["false"],
        ["dhcp-options-id"] = _ => ["default"],
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateVpc", "ec2:CreateVpc", CreateVpc)
        .Add("DescribeVpcs", "ec2:DescribeVpcs", context => NetworkCalls.Describe(context, () => NetworkStore.Mine(store.Vpcs, context),
            "VpcId", "vpc", NetworkErrors.VpcNotFound, Filters, "vpcSet", WriteVpc))
        .Add("DeleteVpc", "ec2:DeleteVpc", DeleteVpc)
        .Add("ModifyVpcAttribute", "ec2:ModifyVpcAttribute", ModifyVpcAttribute)
        .Add("DescribeVpcAttribute", "ec2:DescribeVpcAttribute", DescribeVpcAttribute);

    private OperationCall CreateVpc(AwsRequestContext context)
    {
        var text = context.Query.Get("CidrBlock") ?? throw Ec2Errors.MissingParameter("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
        var cidr = Cidr.Parse(text) ?? throw NetworkStore.BadCidr("cidrBlock", text);
        if (cidr.Prefix is < 16 or > 28) throw new AwsServiceException("InvalidVpc.Range", $"The CIDR '{text}' is invalid.");
        var tags = context.Query.TagSpecifications("vpc");
        return NetworkCalls.Create(context, "vpc", tags, () =>
        {
            var vpc = new VpcRecord(context.AccountId, context.Region, NetworkStore.NewId("vpc"), cidr.ToString(), context.Time.GetUtcNow(),
                NetworkStore.NewId("rtb"), NetworkStore.NewId("sg"), NetworkStore.NewId("acl"))
            { Tags = tags };
            var main = new RouteTableRecord(vpc.Account, vpc.Region, vpc.MainRouteTableId, vpc.Id)
            {
                Routes = [new RouteEntry(vpc.CidrBlock, null, "local", null, "CreateRouteTable")],
                Associations = [new RouteTableAssociation(NetworkStore.NewId("rtbassoc"), null, Main: true)],
            };
            store.RouteTables.Put(NetworkStore.Row(main), main);
            var group = SecurityGroupOperations.NewGroup(vpc.Account, vpc.Region, vpc.DefaultSecurityGroupId, vpc, "default", "default VPC security group", [], fromItself: true);
            store.SecurityGroups.Put(NetworkStore.Row(group), group);
            store.Vpcs.Put(NetworkStore.Row(vpc), vpc);
            return xml =>
            {
                xml.WriteStartElement("vpc");
                WriteVpc(xml, vpc, "pending");
                xml.WriteEndElement();
            };
        });
    }

    private OperationCall DeleteVpc(AwsRequestContext context)
    {
        var vpc = store.Vpc(context, context.Query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        return NetworkCalls.Change(context, "vpc", vpc, () =>
        {
            var inUse = NetworkStore.Mine(store.Subnets, context).Any(s => s.VpcId == vpc.Id)
                || NetworkStore.Mine(store.InternetGateways, context).Any(g => g.VpcId == vpc.Id)
                || NetworkStore.Mine(store.RouteTables, context).Any(t => t.VpcId == vpc.Id && t.Id != vpc.MainRouteTableId)
                || NetworkStore.Mine(store.SecurityGroups, context).Any(g => g.VpcId == vpc.Id && g.Id != vpc.DefaultSecurityGroupId)
                || NetworkStore.Mine(store.VpcEndpoints, context).Any(e => e.VpcId == vpc.Id);
            if (inUse) throw NetworkErrors.DependencyViolation("vpc", vpc.Id);
            store.RouteTables.Remove(Ec2Store.Row(vpc.Account, vpc.Region, vpc.MainRouteTableId));
            store.SecurityGroups.Remove(Ec2Store.Row(vpc.Account, vpc.Region, vpc.DefaultSecurityGroupId));
            store.Vpcs.Remove(NetworkStore.Row(vpc));
        });
    }

    private OperationCall ModifyVpcAttribute(AwsRequestContext context)
    {
        var vpc = store.Vpc(context, context.Query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        var support = context.Query.Bool("EnableDnsSupport.Value");
        var hostnames = context.Query.Bool("EnableDnsHostnames.Value");
        if (support is null == hostnames is null)
            throw Ec2Errors.InvalidParameterCombination("Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames");
        return NetworkCalls.Change(context, "vpc", vpc, () =>
        {
            var current = store.Vpcs.Find(NetworkStore.Row(vpc)) ?? vpc;
            // DNS hostnames need DNS resolution: EC2 refuses to turn on the one without the other.
            if ((hostnames ?? current.EnableDnsHostnames) && !(support ?? current.EnableDnsSupport))
                throw Ec2Errors.InvalidParameterValue("enableDnsHostnames requires enableDnsSupport to be enabled.");
            store.Vpcs.Update(NetworkStore.Row(vpc), v => v is null ? null
                : v with { EnableDnsSupport = support ?? v.EnableDnsSupport, EnableDnsHostnames = hostnames ?? v.EnableDnsHostnames });
        });
    }

    private OperationCall DescribeVpcAttribute(AwsRequestContext context)
    {
        var vpc = store.Vpc(context, context.Query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        var attribute = context.Query.Get("Attribute") ?? throw Ec2Errors.MissingParameter("attribute");
        if (attribute is not ("enableDnsSupport" or "enableDnsHostnames"))
            throw Ec2Errors.InvalidParameterValue($"Value ({attribute}) for parameter attribute is invalid. Valid values: enableDnsSupport, enableDnsHostnames.");
        return NetworkCalls.Change(context, "vpc", vpc, () =>
        {
            var value = attribute == "enableDnsSupport" ? vpc.EnableDnsSupport : vpc.EnableDnsHostnames;
            return xml =>
            {
                xml.WriteElementString("vpcId", vpc.Id);
                xml.WriteStartElement(attribute);
                xml.WriteElementString("value", XmlValues.Bool(value));
                xml.WriteEndElement();
            };
        });
    }

    private static void WriteVpc(XmlWriter xml, VpcRecord vpc) => WriteVpc(xml, vpc, "available");

    private static void WriteVpc(XmlWriter xml, VpcRecord vpc, string state)
    {
        xml.WriteElementString("vpcId", vpc.Id);
        xml.WriteElementString("ownerId", vpc.Account);
        xml.WriteElementString("state", state);
        xml.WriteElementString("cidrBlock", vpc.CidrBlock);
        xml.WriteSet("cidrBlockAssociationSet", [vpc], (x, v) =>
        {
            x.WriteElementString("cidrBlock", v.CidrBlock);
            x.WriteElementString("associationId", "vpc-cidr-assoc-" + v.Id[4..]);
            x.WriteStartElement("cidrBlockState");
            x.WriteElementString("state", "associated");
            x.WriteEndElement();
        });
        xml.WriteElementString("dhcpOptionsId", "default");
        NetworkCalls.WriteTags(xml, vpc);
        xml.WriteElementString("instanceTenancy", "default");
        xml.WriteElementString("isDefault", "false");
    }
}
