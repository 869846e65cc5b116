using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// NAT gateways: created in a subnet with an Elastic IP (public) or without (private), <c>pending</c> then
/// <c>available</c> on the emulator's clock — or <c>failed</c> with Gateway.NotAttached when a public one's VPC has no
/// internet gateway; deleted through <c>deleting</c> to <c>deleted</c>, still described for an hour as AWS does.
/// </summary>
internal sealed class NatGatewayOperations(NetworkStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateNatGateway", "ec2:CreateNatGateway", Create)
        .Add("DescribeNatGateways", "ec2:DescribeNatGateways", context =>
        {
            var now = context.Time.GetUtcNow();
            var filters = new Dictionary<string, Func<NatGatewayRecord, IEnumerable<string?>>>(StringComparer.Ordinal)
            {
                ["nat-gateway-id"] = n => [n.Id],
                ["state"] = n => [NatGatewayStates.Of(n, now)],
                ["subnet-id"] = n => [n.SubnetId],
                ["vpc-id"] = n => [n.VpcId],
            };
            return NetworkCalls.Describe(context, () => NetworkStore.Mine(store.NatGateways, context).Where(n => NatGatewayStates.Described(n, now)),
                "NatGatewayId", "nat", NetworkErrors.NatGatewayNotFound, filters, "natGatewaySet", (x, n) => Write(x, n, now));
        })
        .Add("DeleteNatGateway", "ec2:DeleteNatGateway", Delete);

    private OperationCall Create(AwsRequestContext context)
    {
        var query = context.Query;
        var subnet = store.Subnet(context, query.Get("SubnetId") ?? throw Ec2Errors.MissingParameter("subnetId"));
        var connectivity = query.Get("ConnectivityType") ?? "public";
        if (connectivity is not ("public" or "private"))
            throw Ec2Errors.InvalidParameterValue($"Value ({connectivity}) for parameter connectivityType is invalid. Valid values: public, private.");
        var allocationId = query.Get("AllocationId");
        if (connectivity == "public" && allocationId is null) throw Ec2Errors.MissingParameter("allocationId");
        if (connectivity == "private" && allocationId is not null)
            throw Ec2Errors.InvalidParameterCombination("AllocationId cannot be specified for a private NAT gateway.");
        var address = allocationId is null ? null : store.Address(context, allocationId);
        var tags = query.TagSpecifications("natgateway");
        return NetworkCalls.Create(context, "natgateway", tags, () =>
        {
            if (address is not null && store.HolderOf(context, address.Id) is not null)
                throw new AwsServiceException("Resource.AlreadyAssociated", $"Elastic IP address [{address.Id}] is already associated");
            var now = context.Time.GetUtcNow();
            var attached = NetworkStore.Mine(store.InternetGateways, context).Any(g => g.VpcId == subnet.VpcId);
            var nat = new NatGatewayRecord(context.AccountId, context.Region, NetworkStore.NewId("nat"), subnet.VpcId, subnet.Id, address?.Id, connectivity,
                now, NetworkStore.NewId("eni"), PrivateIp(context, subnet, now))
            {
                Tags = tags,
                FailureCode = connectivity == "public" && !attached ? "Gateway.NotAttached" : null,
                FailureMessage = connectivity == "public" && !attached ? $"Network {subnet.VpcId} has no Internet gateway attached" : null,
            };
            store.NatGateways.Put(NetworkStore.Row(nat), nat);
            return xml =>
            {
                if (query.Get("ClientToken") is { } token) xml.WriteElementString("clientToken", token);
                xml.WriteStartElement("natGateway");
                Write(xml, nat, now);
                xml.WriteEndElement();
            };
        });
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var id = NetworkStore.RequireId(context.Query.Get("NatGatewayId") ?? throw Ec2Errors.MissingParameter("natGatewayId"), "nat");
        var nat = store.NatGateways.Find(NetworkStore.Row(context, id)) ?? throw NetworkErrors.NatGatewayNotFound(id);
        return NetworkCalls.Change(context, "natgateway", nat, () =>
        {
            // Deleting one already on its way out changes nothing, as EC2 answers it.
            store.NatGateways.Update(NetworkStore.Row(nat), n => n is null ? null : n.DeleteTime is null ? n with { DeleteTime = context.Time.GetUtcNow() } : n);
            return xml => xml.WriteElementString("natGatewayId", nat.Id);
        });
    }

    /// <summary>The first address of the subnet after AWS's reserved four that no other gateway holds.</summary>
    private string PrivateIp(AwsRequestContext context, SubnetRecord subnet, DateTimeOffset now)
    {
        var cidr = Cidr.Parse(subnet.CidrBlock)!.Value;
        var used = NetworkStore.Mine(store.NatGateways, context).Where(n => n.SubnetId == subnet.Id && NatGatewayStates.Holds(n, now))
            .Select(n => n.PrivateIp).ToHashSet(StringComparer.Ordinal);
        for (var offset = 4L; offset < cidr.Size - 1; offset++)
        {
            var ip = new Cidr((uint)(cidr.Network + offset), 32).ToString()[..^3];
            if (!used.Contains(ip)) return ip;
        }
        throw new AwsServiceException("InsufficientFreeAddressesInSubnet", $"There are not enough free addresses in subnet '{subnet.Id}' to satisfy the requested number of instances.");
    }

    private void Write(XmlWriter xml, NatGatewayRecord nat, DateTimeOffset now)
    {
        var state = NatGatewayStates.Of(nat, now);
        xml.WriteElementString("createTime", XmlValues.Timestamp(nat.CreateTime));
        if (nat.DeleteTime is { } deleted) xml.WriteElementString("deleteTime", XmlValues.Timestamp(deleted));
        else if (nat.FailureCode is not null && state == "failed") xml.WriteElementString("deleteTime", XmlValues.Timestamp(nat.CreateTime + NatGatewayStates.Delay));
        if (state == "failed")
        {
            xml.WriteElementString("failureCode", nat.FailureCode);
            xml.WriteElementString("failureMessage", nat.FailureMessage);
        }
        var address = nat.AllocationId is null ? null : store.Addresses.Find(Ec2Store.Row(nat.Account, nat.Region, nat.AllocationId));
        xml.WriteSet("natGatewayAddressSet", [nat], (x, n) =>
        {
            if (n.AllocationId is not null) x.WriteElementString("allocationId", n.AllocationId);
            x.WriteElementString("networkInterfaceId", n.NetworkInterfaceId);
            x.WriteElementString("privateIp", n.PrivateIp);
            if (address is not null) x.WriteElementString("publicIp", address.PublicIp);
            x.WriteElementString("isPrimary", "true");
            x.WriteElementString("status", state switch { "pending" => "associating", "available" => "succeeded", "failed" => "failed", _ => "disassociating" });
        });
        xml.WriteElementString("natGatewayId", nat.Id);
        xml.WriteElementString("state", state);
        xml.WriteElementString("subnetId", nat.SubnetId);
        xml.WriteElementString("vpcId", nat.VpcId);
        NetworkCalls.WriteTags(xml, nat);
        xml.WriteElementString("connectivityType", nat.ConnectivityType);
    }
}
