using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>DB subnet groups: subnets that exist in EC2, in one VPC, covering at least two zones.</summary>
internal sealed partial class SubnetGroupOperations(RdsStore store, ISubnetLookup subnets) : IOperationGroup
{
    public void Register(OperationTable table) => table
        .Add("CreateDBSubnetGroup", "rds:CreateDBSubnetGroup", Create)
        .Add("DescribeDBSubnetGroups", "rds:DescribeDBSubnetGroups", Describe)
        .Add("ModifyDBSubnetGroup", "rds:ModifyDBSubnetGroup", Modify)
        .Add("DeleteDBSubnetGroup", "rds:DeleteDBSubnetGroup", Delete);

    [GeneratedRegex("^[a-zA-Z0-9 ._-]{1,255}$")]
    private static partial Regex NamePattern();

    private OperationCall Create(AwsRequestContext context)
    {
        var name = Name(context);
        var description = RdsParameters.Required(context.Query, "DBSubnetGroupDescription");
        var ids = RdsParameters.List(context.Query, "SubnetIds", "SubnetIdentifier");
        var tags = RdsParameters.Tags(context.Query);
        var arn = RdsStore.Arn(context, "subgrp", name);
        var call = OperationCall.On(RdsAccess.Creating(arn, tags), () =>
        {
            var (vpc, members) = Subnets(context, ids);
            var group = new DbSubnetGroupRecord(context.AccountId, context.Region, name.ToLowerInvariant(), description, vpc, arn) { Subnets = members, Tags = tags };
            if (!store.SubnetGroups.TryAdd(RdsStore.Row(context, name), group)) throw RdsErrors.SubnetGroupExists(name);
            return RdsAccess.Respond(context, xml => RdsXml.SubnetGroup(xml, group));
        });
        return tags.Count > 0 ? call.AndAlso("rds:AddTagsToResource", RdsAccess.Creating(arn, tags)) : call;
    }

    private OperationCall Describe(AwsRequestContext context)
    {
        var name = context.Query.Get("DBSubnetGroupName");
        var found = name is null ? null : store.SubnetGroups.Find(RdsStore.Row(context, name));
        var access = RdsAccess.Of(context, "subgrp", name, found?.Arn, found?.Tags);
        return OperationCall.On(access, () =>
        {
            if (name is not null && found is null) throw RdsErrors.SubnetGroupNotFound(name);
            var all = found is not null ? [found]
                : store.SubnetGroups.Values.Where(g => g.Account == context.AccountId && g.Region == context.Region).OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
            return RdsAccess.RespondPage(context, "DBSubnetGroups", all, (xml, group) => RdsXml.SubnetGroup(xml, group));
        });
    }

    private OperationCall Modify(AwsRequestContext context)
    {
        var name = Name(context);
        var description = context.Query.Get("DBSubnetGroupDescription");
        var ids = RdsParameters.List(context.Query, "SubnetIds", "SubnetIdentifier");
        var group = store.SubnetGroups.Find(RdsStore.Row(context, name));
        var access = RdsAccess.Of(context, "subgrp", name, group?.Arn, group?.Tags);
        return OperationCall.On(access, () =>
        {
            if (group is null) throw RdsErrors.SubnetGroupNotFound(name);
            var (vpc, members) = Subnets(context, ids);
            var updated = store.SubnetGroups.Update(RdsStore.Row(context, name), current => current is null ? throw RdsErrors.SubnetGroupNotFound(name)
                : store.SubnetGroupInUse(current) && current.VpcId != vpc
                    ? throw RdsErrors.InvalidSubnet("The new subnets are not in the same VPC as the DB instances that use this DB subnet group.")
                    : current with { VpcId = vpc, Subnets = members, Description = description ?? current.Description })!;
            return RdsAccess.Respond(context, xml => RdsXml.SubnetGroup(xml, updated));
        });
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var name = Name(context);
        var group = store.SubnetGroups.Find(RdsStore.Row(context, name));
        var access = RdsAccess.Of(context, "subgrp", name, group?.Arn, group?.Tags);
        return OperationCall.On(access, () =>
        {
            if (group is null) throw RdsErrors.SubnetGroupNotFound(name);
            if (store.SubnetGroupInUse(group)) throw RdsErrors.SubnetGroupInUse(name);
            if (!store.SubnetGroups.Remove(RdsStore.Row(context, name))) throw RdsErrors.SubnetGroupNotFound(name);
            return RdsAccess.Respond(context, null);
        });
    }

    private static string Name(AwsRequestContext context)
    {
        var name = RdsParameters.Required(context.Query, "DBSubnetGroupName");
        if (!NamePattern().IsMatch(name) || name.Equals("default", StringComparison.OrdinalIgnoreCase))
            throw RdsErrors.InvalidParameterValue("The parameter DBSubnetGroupName must contain no more than 255 alphanumeric characters, periods, underscores, spaces, or hyphens, and must not be default.");
        return name;
    }

    /// <summary>The subnets, all in EC2, in one VPC and at least two zones (RDS's rules), with their zones.</summary>
    private (string VpcId, IReadOnlyList<RdsSubnet> Subnets) Subnets(AwsRequestContext context, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) throw RdsErrors.MissingParameter("SubnetIds");
        var views = new List<SubnetView>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            views.Add(subnets.Find(context.AccountId, context.Region, id)
                ?? throw RdsErrors.InvalidSubnet($"Some input subnets in :[{RdsParameters.Printable(id)}] are invalid."));
        }
        if (views.Select(v => v.VpcId).Distinct(StringComparer.Ordinal).Count() > 1)
            throw RdsErrors.InvalidParameterValue("The subnets in a DB subnet group must all be in the same VPC.");
        var zones = views.Select(v => v.AvailabilityZone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (zones.Count < 2) throw RdsErrors.NotEnoughZones(string.Join(", ", zones));
        return (views[0].VpcId, [.. views.Select(v => new RdsSubnet(v.SubnetId, v.AvailabilityZone))]);
    }
}
