using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// Authorize/RevokeSecurityGroupIngress/Egress: a permission already there is InvalidPermission.Duplicate, one not there
/// InvalidPermission.NotFound; a revoke may name rules by their sgr- ids instead. Each answers the rules it touched.
/// </summary>
internal sealed class SecurityGroupRuleOperations(NetworkStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupIngress", context => Authorize(context, egress: false))
        .Add("AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupEgress", context => Authorize(context, egress: true))
        .Add("RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", context => Revoke(context, egress: false))
        .Add("RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", context => Revoke(context, egress: true));

    private OperationCall Authorize(AwsRequestContext context, bool egress)
    {
        var group = Group(context);
        var rules = Read(context, egress, group);
        if (rules.Count == 0) throw Ec2Errors.MissingParameter("ipPermissions");
        return NetworkCalls.Change(context, "security-group", group, () =>
        {
            var current = store.SecurityGroups.Find(NetworkStore.Row(group)) ?? group;
            var seen = new List<SecurityGroupRule>(current.Rules);
            foreach (var rule in rules)
            {
                if (seen.Any(r => r.SamePermission(rule)))
                {
                    var ports = rule.Protocol == "-1" ? "ALL" : $"{rule.Protocol.ToUpperInvariant()}, from port: {rule.FromPort}, to port: {rule.ToPort}";
                    throw new AwsServiceException("InvalidPermission.Duplicate", $"the specified rule \"peer: {rule.Peer}, {ports}, ALLOW\" already exists");
                }
                seen.Add(rule);
            }
            if (seen.Count(r => r.Egress == egress) > IpPermissions.MaxRulesPerDirection)
                throw new AwsServiceException("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
            store.SecurityGroups.Update(NetworkStore.Row(group), g => g is null ? null : g with { Rules = [.. g.Rules, .. rules] });
            return xml =>
            {
                xml.WriteElementString("return", "true");
                xml.WriteSet("securityGroupRuleSet", rules, (x, r) => IpPermissions.WriteRule(x, group, r));
            };
        });
    }

    private OperationCall Revoke(AwsRequestContext context, bool egress)
    {
        var group = Group(context);
        var ruleIds = context.Query.List("SecurityGroupRuleId");
        foreach (var id in ruleIds) NetworkStore.RequireId(id, "sgr");
        var asked = ruleIds.Count > 0 ? [] : Read(context, egress, group);
        if (ruleIds.Count == 0 && asked.Count == 0) throw Ec2Errors.MissingParameter("ipPermissions");
        return NetworkCalls.Change(context, "security-group", group, () =>
        {
            var current = store.SecurityGroups.Find(NetworkStore.Row(group)) ?? group;
            var direction = current.Rules.Where(r => r.Egress == egress).ToList();
            var revoked = new List<SecurityGroupRule>();
            foreach (var id in ruleIds)
            {
                revoked.Add(direction.FirstOrDefault(r => r.RuleId == id)
                    ?? throw new AwsServiceException("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{id}' does not exist"));
            }
            foreach (var rule in asked)
            {
                revoked.Add(direction.FirstOrDefault(r => r.SamePermission(rule))
                    ?? throw new AwsServiceException("InvalidPermission.NotFound", "The specified rule does not exist in this security group."));
            }
            var gone = revoked.Select(r => r.RuleId).ToHashSet(StringComparer.Ordinal);
            store.SecurityGroups.Update(NetworkStore.Row(group), g => g is null ? null : g with { Rules = [.. g.Rules.Where(r => !gone.Contains(r.RuleId))] });
            return xml =>
            {
                xml.WriteElementString("return", "true");
                xml.WriteSet("revokedSecurityGroupRuleSet", revoked.DistinctBy(r => r.RuleId), (x, r) => IpPermissions.WriteRule(x, group, r));
            };
        });
    }

    private List<SecurityGroupRule> Read(AwsRequestContext context, bool egress, SecurityGroupRecord group) =>
        IpPermissions.Read(context.Query, context.Region, egress, group, id => store.SecurityGroup(context, id),
            name => NetworkStore.Mine(store.SecurityGroups, context).FirstOrDefault(g => g.VpcId == group.VpcId && g.GroupName == name)
                ?? throw new AwsServiceException("InvalidGroup.NotFound", $"The security group '{name}' does not exist in VPC '{group.VpcId}'"));

    private SecurityGroupRecord Group(AwsRequestContext context)
    {
        if (context.Query.Get("GroupId") is { } id) return store.SecurityGroup(context, id);
        var name = context.Query.Get("GroupName") ?? throw Ec2Errors.MissingParameter("groupId");
        return NetworkStore.Mine(store.SecurityGroups, context).FirstOrDefault(g => g.GroupName == name)
            ?? throw new AwsServiceException("InvalidGroup.NotFound", $"The security group '{name}' does not exist in default VPC 'none'");
    }
}
