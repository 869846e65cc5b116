using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>Internet gateways: create, attach to one VPC, detach (refused while a route still uses it), delete (refused while attached).</summary>
internal sealed class InternetGatewayOperations(NetworkStore store) : IOperationGroup
{
    private static readonly Dictionary<string, Func<InternetGatewayRecord, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["internet-gateway-id"] = g => [g.Id],
        ["attachment.vpc-id"] = g => [g.VpcId],
        ["attachment.state"] = g => [g.VpcId is null ? null : "available"],
        ["owner-id"] = g => [g.Account],
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateInternetGateway", "ec2:CreateInternetGateway", context =>
        {
            var tags = context.Query.TagSpecifications("internet-gateway");
            return NetworkCalls.Create(context, "internet-gateway", tags, () =>
            {
                var gateway = new InternetGatewayRecord(context.AccountId, context.Region, NetworkStore.NewId("igw")) { Tags = tags };
                store.InternetGateways.Put(NetworkStore.Row(gateway), gateway);
                return xml =>
                {
                    xml.WriteStartElement("internetGateway");
                    WriteGateway(xml, gateway);
                    xml.WriteEndElement();
                };
            });
        })
        .Add("DescribeInternetGateways", "ec2:DescribeInternetGateways", context => NetworkCalls.Describe(context,
            () => NetworkStore.Mine(store.InternetGateways, context), "InternetGatewayId", "igw", NetworkErrors.InternetGatewayNotFound,
            Filters, "internetGatewaySet", WriteGateway))
        .Add("AttachInternetGateway", "ec2:AttachInternetGateway", Attach)
        .Add("DetachInternetGateway", "ec2:DetachInternetGateway", Detach)
        .Add("DeleteInternetGateway", "ec2:DeleteInternetGateway", Delete);

    private OperationCall Attach(AwsRequestContext context)
    {
        var gateway = Gateway(context);
        var vpc = store.Vpc(context, context.Query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId"));
        return NetworkCalls.Change(context, "internet-gateway", gateway, () =>
        {
            var current = store.InternetGateways.Find(NetworkStore.Row(gateway)) ?? gateway;
            if (current.VpcId is not null)
                throw new AwsServiceException("Resource.AlreadyAssociated", $"resource {gateway.Id} is already attached to network {current.VpcId}");
            if (NetworkStore.Mine(store.InternetGateways, context).FirstOrDefault(g => g.VpcId == vpc.Id) is { } other)
                throw new AwsServiceException("InvalidParameterValue", $"Network {vpc.Id} already has an internet gateway attached");
            store.InternetGateways.Update(NetworkStore.Row(gateway), g => g is null ? null : g with { VpcId = vpc.Id });
        });
    }

    private OperationCall Detach(AwsRequestContext context)
    {
        var gateway = Gateway(context);
        var vpcId = context.Query.Get("VpcId") ?? throw Ec2Errors.MissingParameter("vpcId");
        store.Vpc(context, vpcId);
        return NetworkCalls.Change(context, "internet-gateway", gateway, () =>
        {
            if (gateway.VpcId != vpcId)
                throw new AwsServiceException("Gateway.NotAttached", $"resource {gateway.Id} is not attached to network {vpcId}");
            // A route through the gateway, or a public NAT gateway's address, would be left black-holed: EC2 refuses while the VPC still uses it.
            var now = context.Time.GetUtcNow();
            if (NetworkStore.Mine(store.RouteTables, context).Any(t => t.VpcId == vpcId && t.Routes.Any(r => r.GatewayId == gateway.Id))
                || NetworkStore.Mine(store.NatGateways, context).Any(n => n.VpcId == vpcId && n.AllocationId is not null && NatGatewayStates.Holds(n, now)))
            {
                throw new AwsServiceException("DependencyViolation", $"Network {vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
            }

            store.InternetGateways.Update(NetworkStore.Row(gateway), g => g is null ? null : g with { VpcId = null });
        });
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var gateway = Gateway(context);
        return NetworkCalls.Change(context, "internet-gateway", gateway, () =>
        {
            if (gateway.VpcId is not null) throw NetworkErrors.DependencyViolation("internetGateway", gateway.Id);
            store.InternetGateways.Remove(NetworkStore.Row(gateway));
        });
    }

    private InternetGatewayRecord Gateway(AwsRequestContext context) =>
        store.InternetGateway(context, context.Query.Get("InternetGatewayId") ?? throw Ec2Errors.MissingParameter("internetGatewayId"));

    private static void WriteGateway(XmlWriter xml, InternetGatewayRecord gateway)
    {
        xml.WriteElementString("internetGatewayId", gateway.Id);
        xml.WriteElementString("ownerId", gateway.Account);
        xml.WriteSet("attachmentSet", gateway.VpcId is null ? [] : new[] { gateway.VpcId }, (x, vpcId) =>
        {
            x.WriteElementString("vpcId", vpcId);
            x.WriteElementString("state", "available");
        });
        NetworkCalls.WriteTags(xml, gateway);
    }
}
