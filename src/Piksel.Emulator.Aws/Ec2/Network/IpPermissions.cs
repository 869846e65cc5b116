using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// EC2's <c>IpPermissions.N</c> (protocol, ports, <c>IpRanges</c>, <c>Ipv6Ranges</c>, <c>Groups</c> (UserIdGroupPairs),
/// <c>PrefixListIds</c>) read into one rule per peer, as EC2 splits them, and written back grouped by protocol and ports.
/// </summary>
internal static class IpPermissions
{
    /// <summary>Most rules in one direction of a group (EC2's default quota).</summary>
    public const int MaxRulesPerDirection = 60;

    /// <summary>
    /// The rules the request names for <paramref name="group"/>: <c>IpPermissions.N</c>, or the flat <c>IpProtocol</c>,
    /// <c>FromPort</c>, <c>ToPort</c>, <c>CidrIp</c>, <c>SourceSecurityGroupName</c> of older clients. Each gets a new id.
    /// </summary>
    public static List<SecurityGroupRule> Read(QueryParameters query, string region, bool egress, SecurityGroupRecord group,
        Func<string, SecurityGroupRecord> groupById, Func<string, SecurityGroupRecord> groupByName)
    {
        var rules = new List<SecurityGroupRule>();
        for (var i = 1; ; i++)
        {
            var head = $"IpPermissions.{I(i)}.";
            if (!query.All.Keys.Any(n => n.StartsWith(head, StringComparison.Ordinal))) break;
            if (i > MaxRulesPerDirection) throw TooMany();
            var (protocol, from, to) = Ports(query.Get(head + "IpProtocol"), query.Get(head + "FromPort"), query.Get(head + "ToPort"));
            var before = rules.Count;
            foreach (var (cidr, description) in Items(query, head + "IpRanges", "CidrIp"))
                rules.Add(Rule(egress, protocol, from, to, description) with { CidrIpv4 = Ipv4(cidr) });
            foreach (var (cidr, description) in Items(query, head + "Ipv6Ranges", "CidrIpv6"))
                rules.Add(Rule(egress, protocol, from, to, description) with { CidrIpv6 = Ipv6(cidr) });
            foreach (var (pl, description) in Items(query, head + "PrefixListIds", "PrefixListId"))
                rules.Add(Rule(egress, protocol, from, to, description) with { PrefixListId = PrefixLists.Require(region, pl) });
            for (var m = 1; m <= MaxRulesPerDirection; m++)
            {
                // The SDKs send UserIdGroupPairs under its wire name, Groups.
                var pair = query.All.ContainsKey($"{head}UserIdGroupPairs.{I(m)}.GroupId") || query.All.ContainsKey($"{head}UserIdGroupPairs.{I(m)}.GroupName")
                    ? $"{head}UserIdGroupPairs.{I(m)}." : $"{head}Groups.{I(m)}.";
                var id = query.Get(pair + "GroupId");
                var name = query.Get(pair + "GroupName");
                if (id is null && name is null) break;
                var peer = id is not null ? groupById(id) : groupByName(name!);
                if (peer.VpcId != group.VpcId)
                    throw Ec2Errors.InvalidParameterValue("You have specified two resources that belong to different networks.");
                rules.Add(Rule(egress, protocol, from, to, query.Get(pair + "Description")) with { ReferencedGroupId = peer.Id });
            }
            if (rules.Count == before)
                throw Ec2Errors.MissingParameter("either IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs in ipPermissions");
            if (rules.Count > MaxRulesPerDirection) throw TooMany();
        }
        if (rules.Count == 0 && (query.Get("IpProtocol") is not null || query.Get("CidrIp") is not null || query.Get("SourceSecurityGroupName") is not null))
        {
            var (protocol, from, to) = Ports(query.Get("IpProtocol") ?? "-1", query.Get("FromPort"), query.Get("ToPort"));
            if (query.Get("CidrIp") is { } cidr) rules.Add(Rule(egress, protocol, from, to, null) with { CidrIpv4 = Ipv4(cidr) });
            if (query.Get("SourceSecurityGroupName") is { } name) rules.Add(Rule(egress, protocol, from, to, null) with { ReferencedGroupId = groupByName(name).Id });
        }
        return rules;
    }

    /// <summary>The rules grouped as <c>ipPermissions</c> items: one per protocol and port range, its peers inside.</summary>
    public static void Write(XmlWriter xml, string name, IEnumerable<SecurityGroupRule> rules, string account)
    {
        var groups = rules.GroupBy(r => (r.Protocol, r.FromPort, r.ToPort));
        xml.WriteSet(name, groups, (x, g) =>
        {
            x.WriteElementString("ipProtocol", g.Key.Protocol);
            if (g.Key.FromPort is { } from) x.WriteElementString("fromPort", I(from));
            if (g.Key.ToPort is { } to) x.WriteElementString("toPort", I(to));
            x.WriteSet("groups", g.Where(r => r.ReferencedGroupId is not null), (y, r) =>
            {
                y.WriteElementString("userId", account);
                y.WriteElementString("groupId", r.ReferencedGroupId);
                if (r.Description is not null) y.WriteElementString("description", r.Description);
            });
            x.WriteSet("ipRanges", g.Where(r => r.CidrIpv4 is not null), (y, r) =>
            {
                y.WriteElementString("cidrIp", r.CidrIpv4);
                if (r.Description is not null) y.WriteElementString("description", r.Description);
            });
            x.WriteSet("ipv6Ranges", g.Where(r => r.CidrIpv6 is not null), (y, r) =>
            {
                y.WriteElementString("cidrIpv6", r.CidrIpv6);
                if (r.Description is not null) y.WriteElementString("description", r.Description);
            });
            x.WriteSet("prefixListIds", g.Where(r => r.PrefixListId is not null), (y, r) =>
            {
                y.WriteElementString("prefixListId", r.PrefixListId);
                if (r.Description is not null) y.WriteElementString("description", r.Description);
            });
        });
    }

    /// <summary>One rule as DescribeSecurityGroupRules and Authorize answer it.</summary>
    public static void WriteRule(XmlWriter xml, SecurityGroupRecord group, SecurityGroupRule rule)
    {
        xml.WriteElementString("securityGroupRuleId", rule.RuleId);
        xml.WriteElementString("groupId", group.Id);
        xml.WriteElementString("groupOwnerId", group.Account);
        xml.WriteElementString("isEgress", XmlValues.Bool(rule.Egress));
        xml.WriteElementString("ipProtocol", rule.Protocol);
        xml.WriteElementString("fromPort", I(rule.FromPort ?? -1));
        xml.WriteElementString("toPort", I(rule.ToPort ?? -1));
        if (rule.CidrIpv4 is not null) xml.WriteElementString("cidrIpv4", rule.CidrIpv4);
        if (rule.CidrIpv6 is not null) xml.WriteElementString("cidrIpv6", rule.CidrIpv6);
        if (rule.PrefixListId is not null) xml.WriteElementString("prefixListId", rule.PrefixListId);
        if (rule.ReferencedGroupId is not null)
        {
            xml.WriteStartElement("referencedGroupInfo");
            xml.WriteElementString("groupId", rule.ReferencedGroupId);
            xml.WriteElementString("userId", group.Account);
            xml.WriteEndElement();
        }
        if (rule.Description is not null) xml.WriteElementString("description", rule.Description);
        xml.WriteStartElement("tagSet");
        xml.WriteEndElement();
        xml.WriteElementString("securityGroupRuleArn", $"arn:aws:ec2:{group.Region}:{group.Account}:security-group-rule/{rule.RuleId}");
    }

    /// <summary>The rules a new group is given: all traffic out to anywhere (and, for the default group, in from itself).</summary>
    public static SecurityGroupRule AllOut() => new(NetworkStore.NewId("sgr"), true, "-1", null, null, "0.0.0.0/0", null, null, null, null);

    /// <summary>All traffic in from members of <paramref name="groupId"/>.</summary>
    public static SecurityGroupRule AllFrom(string groupId) => new(NetworkStore.NewId("sgr"), false, "-1", null, null, null, null, groupId, null, null);

    private static SecurityGroupRule Rule(bool egress, string protocol, int? from, int? to, string? description)
    {
        if (description is { Length: > 255 })
            throw Ec2Errors.InvalidParameterValue("Invalid rule description. Valid descriptions are strings less than 256 characters");
        return new(NetworkStore.NewId("sgr"), egress, protocol, from, to, null, null, null, null, description);
    }

    /// <summary>The protocol as EC2 stores it (<c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>icmpv6</c>, <c>-1</c> or a number) with its ports.</summary>
    private static (string Protocol, int? From, int? To) Ports(string? protocolText, string? fromText, string? toText)
    {
        var protocol = (protocolText ?? "").ToLowerInvariant() switch
        {
            "tcp" or "6" => "tcp",
            "udp" or "17" => "udp",
            "icmp" or "1" => "icmp",
            "icmpv6" or "58" => "icmpv6",
            "-1" or "all" => "-1",
            var n when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 255 => n,
            _ => throw Ec2Errors.InvalidParameterValue($"Invalid value '{protocolText}' for IP protocol. Unknown protocol."),
        };
        var from = Port(fromText, "fromPort");
        var to = Port(toText, "toPort");
        switch (protocol)
        {
            case "tcp" or "udp":
                if (from is null || to is null)
                    throw Ec2Errors.InvalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange. Must specify both from and to ports with TCP/UDP.");
                if (from is < 0 or > 65535 || to is < 0 or > 65535 || from > to)
                    throw Ec2Errors.InvalidParameterValue($"Invalid TCP/UDP port range {I(from.Value)}-{I(to.Value)}");
                return (protocol, from, to);
            case "icmp" or "icmpv6":
                if (from is < -1 or > 255 || to is < -1 or > 255)
                    throw Ec2Errors.InvalidParameterValue($"Invalid value for ICMP type or code: {I(from ?? -1)}, {I(to ?? -1)}");
                return (protocol, from ?? -1, to ?? -1);
            default:
                // All traffic, or a protocol without ports: EC2 drops whatever ports came with it.
                return (protocol, null, null);
        }
    }

    private static int? Port(string? text, string parameter) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter {parameter} is invalid. Expected an integer.");

    private static IEnumerable<(string Value, string? Description)> Items(QueryParameters query, string prefix, string field)
    {
        for (var m = 1; m <= MaxRulesPerDirection + 1; m++)
        {
            var value = query.Get($"{prefix}.{I(m)}.{field}");
            if (value is null) yield break;
            yield return (value, query.Get($"{prefix}.{I(m)}.Description"));
        }
    }

    private static string Ipv4(string text)
    {
        var cidr = Cidr.Parse(text);
        // EC2 keeps the block as given and refuses one with host bits set rather than canonicalising it.
        if (cidr is null || cidr.Value.ToString() != text) throw Ec2Errors.InvalidParameterValue($"CIDR block {text} is malformed");
        return text;
    }

    private static string Ipv6(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (text.Length > 43 || slash < 2 || !IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 128)
        {
            throw Ec2Errors.InvalidParameterValue($"CIDR block {text} is malformed");
        }

        return text;
    }

    private static AwsServiceException TooMany() =>
        new("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
