using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// Security groups of a VPC: create (a name unique in the VPC, not <c>sg-*</c>; all traffic out to begin with),
/// describe by id, name or filter, delete (not the VPC's default group, nor one another group's rule refers to), and
/// DescribeSecurityGroupRules, one rule per peer with its sgr- id.
/// </summary>
internal sealed class SecurityGroupOperations(NetworkStore store) : IOperationGroup
{
    private static readonly Dictionary<string, Func<SecurityGroupRecord, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["group-id"] = g => [g.Id],
        ["group-name"] = g => [g.GroupName],
        ["vpc-id"] = g => [g.VpcId],
        ["description"] = g => [g.Description],
        ["owner-id"] = g => [g.Account],
        ["ip-permission.protocol"] = g => g.Rules.Where(r => !r.Egress).Select(r => r.Protocol),
        ["ip-permission.from-port"] = g => g.Rules.Where(r => !r.Egress).Select(r => Port(r.FromPort)),
        ["ip-permission.to-port"] = g => g.Rules.Where(r => !r.Egress).Select(r => Port(r.ToPort)),
        ["ip-permission.cidr"] = g => g.Rules.Where(r => !r.Egress).Select(r => r.CidrIpv4),
        ["ip-permission.ipv6-cidr"] = g => g.Rules.Where(r => !r.Egress).Select(r => r.CidrIpv6),
        ["ip-permission.group-id"] = g => g.Rules.Where(r => !r.Egress).Select(r => r.ReferencedGroupId),
        ["ip-permission.prefix-list-id"] = g => g.Rules.Where(r => !r.Egress).Select(r => r.PrefixListId),
        ["egress.ip-permission.protocol"] = g => g.Rules.Where(r => r.Egress).Select(r => r.Protocol),
        ["egress.ip-permission.from-port"] = g => g.Rules.Where(r => r.Egress).Select(r => Port(r.FromPort)),
        ["egress.ip-permission.to-port"] = g => g.Rules.Where(r => r.Egress).Select(r => Port(r.ToPort)),
        ["egress.ip-permission.cidr"] = g => g.Rules.Where(r => r.Egress).Select(r => r.CidrIpv4),
        ["egress.ip-permission.ipv6-cidr"] = g => g.Rules.Where(r => r.Egress).Select(r => r.CidrIpv6),
        ["egress.ip-permission.group-id"] = g => g.Rules.Where(r => r.Egress).Select(r => r.ReferencedGroupId),
        ["egress.ip-permission.prefix-list-id"] = g => g.Rules.Where(r => r.Egress).Select(r => r.PrefixListId),
    };

    private static readonly Dictionary<string, Func<RuleRow, IEnumerable<string?>>> RuleFilters = new(StringComparer.Ordinal)
    {
        ["group-id"] = r => [r.Group.Id],
        ["security-group-rule-id"] = r => [r.Id],
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateSecurityGroup", "ec2:CreateSecurityGroup", Create)
        .Add("DescribeSecurityGroups", "ec2:DescribeSecurityGroups", Describe)
        .Add("DeleteSecurityGroup", "ec2:DeleteSecurityGroup", Delete)
        .Add("DescribeSecurityGroupRules", "ec2:DescribeSecurityGroupRules", context => NetworkCalls.Describe(context,
            () => NetworkStore.Mine(store.SecurityGroups, context).SelectMany(g => g.Rules.Select(r => new RuleRow(g, r))),
            "SecurityGroupRuleId", "sgr", RuleNotFound, RuleFilters, "securityGroupRuleSet", (x, r) => IpPermissions.WriteRule(x, r.Group, r.Rule)));

    /// <summary>A new group in <paramref name="vpc"/> with the one rule every group starts with (and the default group's self rule).</summary>
    public static SecurityGroupRecord NewGroup(string account, string region, string id, VpcRecord vpc, string name, string description,
        IReadOnlyList<Ec2Tag> tags, bool fromItself) =>
        new(account, region, id, vpc.Id, name, description)
        {
            Tags = tags,
            Rules = fromItself ? [IpPermissions.AllFrom(id), IpPermissions.AllOut()] : [IpPermissions.AllOut()],
        };

    /// <summary>EC2's name and description rules: 1–255 characters, a name not <c>sg-*</c>.</summary>
    public static void Validate(string name, string description)
    {
        if (name.Length is 0 or > 255)
            throw Ec2Errors.InvalidParameterValue($"Invalid value '{name}' for groupName. Length of group name must be between 1 and 255 characters");
        if (name.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
            throw Ec2Errors.InvalidParameterValue($"Group names may not be in the format sg-*.");
        if (description.Length > 255)
            throw Ec2Errors.InvalidParameterValue("Invalid value for groupDescription. Length of group description must be between 0 and 255 characters");
    }

    private OperationCall Create(AwsRequestContext context)
    {
        var query = context.Query;
        var name = query.Get("GroupName") ?? throw Ec2Errors.MissingParameter("groupName");
        var description = query.Get("GroupDescription") ?? throw Ec2Errors.MissingParameter("groupDescription");
        Validate(name, description);
        // The emulator's accounts have no default VPC, so a group needs a VPC named, as EC2 answers without one.
        var vpcId = query.Get("VpcId") ?? throw new AwsServiceException("VPCIdNotSpecified", "No default VPC for this user");
        var vpc = store.Vpc(context, vpcId);
        if (name == "default") throw Ec2Errors.InvalidParameterValue("Cannot use reserved security group name: default");
        var tags = query.TagSpecifications("security-group");
        var call = NetworkCalls.Create(context, "security-group", tags, () =>
        {
            if (NetworkStore.Mine(store.SecurityGroups, context).Any(g => g.VpcId == vpc.Id && g.GroupName == name))
                throw new AwsServiceException("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpc.Id}'");
            var group = NewGroup(context.AccountId, context.Region, NetworkStore.NewId("sg"), vpc, name, description, tags, fromItself: false);
            store.SecurityGroups.Put(NetworkStore.Row(group), group);
            return xml =>
            {
                xml.WriteElementString("return", "true");
                xml.WriteElementString("groupId", group.Id);
                xml.WriteElementString("securityGroupArn", ArnOf(group));
                NetworkCalls.WriteTags(xml, group);
            };
        }, new(StringComparer.OrdinalIgnoreCase) { ["ec2:Vpc"] = [NetworkStore.Arn(context, "vpc", vpc.Id)] });
        // Creating a group acts on its VPC too, as EC2 authorizes it.
        call.AndAlso("ec2:CreateSecurityGroup", new Access(NetworkStore.Arn(context, "vpc", vpc.Id)) { ContextKeys = NetworkStore.ResourceKeys(vpc) });
        return call;
    }

    private OperationCall Describe(AwsRequestContext context)
    {
        var names = context.Query.List("GroupName");
        var mine = NetworkStore.Mine(store.SecurityGroups, context);
        if (names.FirstOrDefault(n => mine.All(g => g.GroupName != n)) is { } missing)
            throw new AwsServiceException("InvalidGroup.NotFound", $"The security group '{missing}' does not exist in default VPC 'none'");
        return NetworkCalls.Describe(context, () => mine.Where(g => names.Count == 0 || names.Contains(g.GroupName)), "GroupId", "sg",
            NetworkErrors.SecurityGroupNotFound, Filters, "securityGroupInfo", WriteGroup);
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var group = Group(context);
        return NetworkCalls.Change(context, "security-group", group, () =>
        {
            if (group.GroupName == "default" && store.Vpcs.Find(Ec2Store.Row(group.Account, group.Region, group.VpcId))?.DefaultSecurityGroupId == group.Id)
                throw new AwsServiceException("CannotDelete", $"the specified group: \"{group.Id}\" name: \"default\" cannot be deleted by a user");
            if (NetworkStore.Mine(store.SecurityGroups, context).Any(g => g.Id != group.Id && g.Rules.Any(r => r.ReferencedGroupId == group.Id)))
                throw new AwsServiceException("DependencyViolation", $"resource {group.Id} has a dependent object");
            store.SecurityGroups.Remove(NetworkStore.Row(group));
        });
    }

    /// <summary>The group <c>GroupId</c> names, else the one <c>GroupName</c> names.</summary>
    private SecurityGroupRecord Group(AwsRequestContext context)
    {
        if (context.Query.Get("GroupId") is { } id) return store.SecurityGroup(context, id);
        var name = context.Query.Get("GroupName") ?? throw Ec2Errors.MissingParameter("groupId");
        return NetworkStore.Mine(store.SecurityGroups, context).FirstOrDefault(g => g.GroupName == name)
            ?? throw new AwsServiceException("InvalidGroup.NotFound", $"The security group '{name}' does not exist in default VPC 'none'");
    }

    private static AwsServiceException RuleNotFound(string id) =>
        new("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{id}' does not exist");

    private static string? Port(int? port) => port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-1";

    private static string ArnOf(SecurityGroupRecord group) => $"arn:aws:ec2:{group.Region}:{group.Account}:security-group/{group.Id}";

    private static void WriteGroup(XmlWriter xml, SecurityGroupRecord group)
    {
        xml.WriteElementString("ownerId", group.Account);
        xml.WriteElementString("groupId", group.Id);
        xml.WriteElementString("groupName", group.GroupName);
        xml.WriteElementString("groupDescription", group.Description);
        xml.WriteElementString("vpcId", group.VpcId);
        xml.WriteElementString("securityGroupArn", ArnOf(group));
        IpPermissions.Write(xml, "ipPermissions", group.Rules.Where(r => !r.Egress), group.Account);
        IpPermissions.Write(xml, "ipPermissionsEgress", group.Rules.Where(r => r.Egress), group.Account);
        NetworkCalls.WriteTags(xml, group);
    }

    /// <summary>A rule with its group, as DescribeSecurityGroupRules lists it (keyed by the rule's id).</summary>
    private sealed record RuleRow(SecurityGroupRecord Group, SecurityGroupRule Rule) : INetworkResource
    {
        public string Account => Group.Account;
        public string Region => Group.Region;
        public string Id => Rule.RuleId;
        public IReadOnlyList<Ec2Tag> Tags => [];
        public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this;
    }
}
