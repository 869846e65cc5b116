using System.Security.Cryptography;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// Elastic IP addresses of the VPC domain: allocate, describe (associated with the NAT gateway holding one), release
/// (refused while a NAT gateway holds it: InvalidIPAddress.InUse).
/// </summary>
internal sealed class AddressOperations(NetworkStore store) : IOperationGroup
{
    /// <summary>Most addresses one account keeps in a region (EC2's default quota).</summary>
    private const int MaxAddresses = 5;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("AllocateAddress", "ec2:AllocateAddress", Allocate)
        .Add("DescribeAddresses", "ec2:DescribeAddresses", context =>
        {
            var now = context.Time.GetUtcNow();
            var holders = NetworkStore.Mine(store.NatGateways, context).Where(n => n.AllocationId is not null && NatGatewayStates.Holds(n, now))
                .ToDictionary(n => n.AllocationId!, StringComparer.Ordinal);
            var publicIps = context.Query.List("PublicIp");
            var mine = NetworkStore.Mine(store.Addresses, context).ToList();
            if (publicIps.FirstOrDefault(ip => mine.All(a => a.PublicIp != ip)) is { } missing)
                throw new AwsServiceException("InvalidAddress.NotFound", $"Address '{missing}' not found.");
            NatGatewayRecord? Holder(AddressRecord a) => holders.GetValueOrDefault(a.Id);
            var filters = new Dictionary<string, Func<AddressRecord, IEnumerable<string?>>>(StringComparer.Ordinal)
            {
                ["allocation-id"] = a => [a.Id],
                ["public-ip"] = a => [a.PublicIp],
                ["domain"] = _ => ["vpc"],
                ["association-id"] = a => [Holder(a) is { } n ? AssociationOf(a) : null],
                ["network-interface-id"] = a => [Holder(a)?.NetworkInterfaceId],
                ["network-interface-owner-id"] = a => [Holder(a)?.Account],
                ["private-ip-address"] = a => [Holder(a)?.PrivateIp],
                ["network-border-group"] = a => [a.Region],
                ["public-ipv4-pool"] = _ => ["amazon"],
            };
            return NetworkCalls.Describe(context, () => mine.Where(a => publicIps.Count == 0 || publicIps.Contains(a.PublicIp)), "AllocationId", "eipalloc",
                NetworkErrors.AllocationNotFound, filters, "addressesSet", (x, a) => WriteAddress(x, a, Holder(a)));
        })
        .Add("ReleaseAddress", "ec2:ReleaseAddress", Release);

    private OperationCall Allocate(AwsRequestContext context)
    {
        var domain = context.Query.Get("Domain") ?? "vpc";
        if (domain is not ("vpc" or "standard"))
            throw Ec2Errors.InvalidParameterValue($"Value ({domain}) for parameter domain is invalid. Valid values: vpc, standard.");
        if (domain == "standard") throw new AwsServiceException("UnsupportedOperation", "EC2-Classic is not supported in this account.");
        var tags = context.Query.TagSpecifications("elastic-ip");
        return NetworkCalls.Create(context, "elastic-ip", tags, () =>
        {
            if (NetworkStore.Mine(store.Addresses, context).Count() >= MaxAddresses)
                throw new AwsServiceException("AddressLimitExceeded", "The maximum number of addresses has been reached.");
            var taken = store.Addresses.Values.Select(a => a.PublicIp).ToHashSet(StringComparer.Ordinal);
            string ip;
            do
            {
                var b = RandomNumberGenerator.GetBytes(3);
                ip = $"54.{b[0]}.{b[1]}.{Math.Max((int)b[2], 1)}";
            }
            while (taken.Contains(ip));
            var address = new AddressRecord(context.AccountId, context.Region, NetworkStore.NewId("eipalloc"), ip) { Tags = tags };
            store.Addresses.Put(NetworkStore.Row(address), address);
            return xml =>
            {
                xml.WriteElementString("publicIp", address.PublicIp);
                xml.WriteElementString("domain", "vpc");
                xml.WriteElementString("allocationId", address.Id);
                xml.WriteElementString("publicIpv4Pool", "amazon");
                xml.WriteElementString("networkBorderGroup", address.Region);
            };
        });
    }

    private OperationCall Release(AwsRequestContext context)
    {
        var address = context.Query.Get("AllocationId") is { } id ? store.Address(context, id)
            : context.Query.Get("PublicIp") is { } ip
                ? NetworkStore.Mine(store.Addresses, context).FirstOrDefault(a => a.PublicIp == ip)
                    ?? throw new AwsServiceException("InvalidAddress.NotFound", $"Address '{ip}' not found.")
                : throw Ec2Errors.MissingParameter("allocationId");
        return NetworkCalls.Change(context, "elastic-ip", address, () =>
        {
            if (store.HolderOf(context, address.Id) is not null)
                throw new AwsServiceException("InvalidIPAddress.InUse", $"Address {address.PublicIp} is in use.");
            store.Addresses.Remove(NetworkStore.Row(address));
        });
    }

    private static string AssociationOf(AddressRecord address) => "eipassoc-" + address.Id[9..];

    private static void WriteAddress(XmlWriter xml, AddressRecord address, NatGatewayRecord? holder)
    {
        xml.WriteElementString("publicIp", address.PublicIp);
        xml.WriteElementString("allocationId", address.Id);
        xml.WriteElementString("domain", "vpc");
        if (holder is not null)
        {
            xml.WriteElementString("associationId", AssociationOf(address));
            xml.WriteElementString("networkInterfaceId", holder.NetworkInterfaceId);
            xml.WriteElementString("networkInterfaceOwnerId", holder.Account);
            xml.WriteElementString("privateIpAddress", holder.PrivateIp);
        }
        NetworkCalls.WriteTags(xml, address);
        xml.WriteElementString("publicIpv4Pool", "amazon");
        xml.WriteElementString("networkBorderGroup", address.Region);
    }
}
