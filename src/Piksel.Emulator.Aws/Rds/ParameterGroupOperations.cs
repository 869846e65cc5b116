using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>DB parameter groups of the postgres families, with the parameters of <see cref="ParameterCatalog"/>; the <c>default.&lt;family&gt;</c> groups always exist.</summary>
internal sealed partial class ParameterGroupOperations(RdsStore store, EngineCatalog engines) : IOperationGroup
{
    public void Register(OperationTable table) => table
        .Add("CreateDBParameterGroup", "rds:CreateDBParameterGroup", Create)
        .Add("DescribeDBParameterGroups", "rds:DescribeDBParameterGroups", Describe)
        .Add("ModifyDBParameterGroup", "rds:ModifyDBParameterGroup", Modify)
        .Add("DeleteDBParameterGroup", "rds:DeleteDBParameterGroup", Delete)
        .Add("DescribeDBParameters", "rds:DescribeDBParameters", DescribeParameters);

    [GeneratedRegex("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)$")]
    private static partial Regex NamePattern();

    /// <summary>The group <paramref name="name"/>: stored, or a default group of a known family.</summary>
    public static DbParameterGroupRecord? Find(RdsStore store, AwsRequestContext context, string name)
    {
        if (store.ParameterGroups.Find(RdsStore.Row(context, name)) is { } stored) return stored;
        if (!name.StartsWith("default.", StringComparison.OrdinalIgnoreCase) || !EngineCatalog.KnownFamily(name[8..].ToLowerInvariant())) return null;
        var family = name[8..].ToLowerInvariant();
        return new DbParameterGroupRecord(context.AccountId, context.Region, "default." + family, family, $"Default parameter group for {family}", RdsStore.Arn(context, "pg", name));
    }

    private OperationCall Create(AwsRequestContext context)
    {
        var name = Name(context);
        var family = RdsParameters.Required(context.Query, "DBParameterGroupFamily");
        var description = RdsParameters.Required(context.Query, "Description");
        var tags = RdsParameters.Tags(context.Query);
        var arn = RdsStore.Arn(context, "pg", name);
        var call = OperationCall.On(RdsAccess.Creating(arn, tags), () =>
        {
            if (!EngineCatalog.KnownFamily(family)) throw RdsErrors.InvalidParameterValue($"ParameterGroupFamily {RdsParameters.Printable(family)} is not a valid parameter group family");
            if (name.StartsWith("default.", StringComparison.OrdinalIgnoreCase)) throw RdsErrors.ParameterGroupExists(name);
            var group = new DbParameterGroupRecord(context.AccountId, context.Region, name.ToLowerInvariant(), family, description, arn) { Tags = tags };
            if (!store.ParameterGroups.TryAdd(RdsStore.Row(context, name), group)) throw RdsErrors.ParameterGroupExists(name);
            return RdsAccess.Respond(context, xml => RdsXml.ParameterGroup(xml, group));
        });
        return tags.Count > 0 ? call.AndAlso("rds:AddTagsToResource", RdsAccess.Creating(arn, tags)) : call;
    }

    private OperationCall Describe(AwsRequestContext context)
    {
        var name = context.Query.Get("DBParameterGroupName");
        var found = name is null ? null : Find(store, context, name);
        var access = RdsAccess.Of(context, "pg", name, found?.Arn, found?.Tags);
        return OperationCall.On(access, () =>
        {
            if (name is not null && found is null) throw RdsErrors.ParameterGroupNotFound(name);
            var all = found is not null ? [found]
                : engines.Majors.Select(m => Find(store, context, "default.postgres" + m)!)
                    .Concat(store.ParameterGroups.Values.Where(g => g.Account == context.AccountId && g.Region == context.Region))
                    .OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
            return RdsAccess.RespondPage(context, "DBParameterGroups", all, (xml, group) => RdsXml.ParameterGroup(xml, group));
        });
    }

    private OperationCall Modify(AwsRequestContext context)
    {
        var name = RdsParameters.Required(context.Query, "DBParameterGroupName");
        var changes = Changes(context);
        var group = store.ParameterGroups.Find(RdsStore.Row(context, name));
        var access = RdsAccess.Of(context, "pg", name, group?.Arn, group?.Tags);
        return OperationCall.On(access, () =>
        {
            if (name.StartsWith("default.", StringComparison.OrdinalIgnoreCase))
                throw RdsErrors.InvalidParameterValue($"Default DBParameterGroup {RdsParameters.Printable(name)} cannot be modified.");
            if (group is null) throw RdsErrors.ParameterGroupNotFound(name);
            store.ParameterGroups.Update(RdsStore.Row(context, name), current =>
            {
                if (current is null) throw RdsErrors.ParameterGroupNotFound(name);
                var values = new Dictionary<string, string>(current.Values, StringComparer.Ordinal);
                foreach (var (parameter, value) in changes) values[parameter] = value;
                return current with { Values = values };
            });
            return RdsAccess.Respond(context, xml => xml.WriteElementString("DBParameterGroupName", group.Name));
        });
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var name = RdsParameters.Required(context.Query, "DBParameterGroupName");
        var group = store.ParameterGroups.Find(RdsStore.Row(context, name));
        var access = RdsAccess.Of(context, "pg", name, group?.Arn, group?.Tags);
        return OperationCall.On(access, () =>
        {
            if (name.StartsWith("default.", StringComparison.OrdinalIgnoreCase))
                throw RdsErrors.InvalidParameterValue("Default DBParameterGroup cannot be deleted");
            if (group is null) throw RdsErrors.ParameterGroupNotFound(name);
            if (store.ParameterGroupInUse(group)) throw RdsErrors.ParameterGroupInUse(name);
            store.ParameterGroups.Remove(RdsStore.Row(context, name));
            return RdsAccess.Respond(context, null);
        });
    }

    private OperationCall DescribeParameters(AwsRequestContext context)
    {
        var name = RdsParameters.Required(context.Query, "DBParameterGroupName");
        var source = context.Query.Get("Source");
        var group = Find(store, context, name);
        var access = RdsAccess.Of(context, "pg", name, group?.Arn, group?.Tags);
        return OperationCall.On(access, () =>
        {
            if (group is null) throw RdsErrors.ParameterGroupNotFound(name);
            var rows = ParameterCatalog.All
                .Select(p => (Parameter: p, Set: group.Values.TryGetValue(p.Name, out var v) ? v : null))
                .Where(r => source is null || (source == "user") == (r.Set is not null))
                .ToList();
            return RdsAccess.RespondPage(context, "Parameters", rows, (xml, row) =>
            {
                var (p, set) = row;
                xml.WriteStartElement("Parameter");
                xml.WriteElementString("ParameterName", p.Name);
                xml.WriteElementString("ParameterValue", set ?? p.Default);
                xml.WriteElementString("Description", p.Description);
                xml.WriteElementString("Source", set is null ? "engine-default" : "user");
                xml.WriteElementString("ApplyType", p.ApplyType);
                xml.WriteElementString("DataType", p.DataType);
                xml.WriteElementString("AllowedValues", p.AllowedValues);
                RdsXml.Bool(xml, "IsModifiable", true);
                xml.WriteElementString("ApplyMethod", p.ApplyType == "static" ? "pending-reboot" : "immediate");
                xml.WriteEndElement();
            });
        });
    }

    private static string Name(AwsRequestContext context)
    {
        var name = RdsParameters.Required(context.Query, "DBParameterGroupName");
        if (!NamePattern().IsMatch(name))
            throw RdsErrors.InvalidParameterValue("The parameter DBParameterGroupName is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.");
        return name;
    }

    /// <summary>The changes <c>Parameters.Parameter.N.*</c>: known parameters, valid values, and an apply method the parameter allows.</summary>
    private static List<(string Name, string Value)> Changes(AwsRequestContext context)
    {
        var changes = new List<(string, string)>();
        for (var i = 1; i <= 21; i++)
        {
            var head = context.Query.Get($"Parameters.Parameter.{i}.ParameterName") is not null ? $"Parameters.Parameter.{i}" : $"Parameters.member.{i}";
            if (context.Query.Get($"{head}.ParameterName") is not { } name) break;
            var parameter = ParameterCatalog.Require(name);
            var value = context.Query.Get($"{head}.ParameterValue") ?? throw RdsErrors.InvalidParameterValue($"A value must be given for parameter {parameter.Name}.");
            ParameterCatalog.CheckValue(parameter, value);
            var method = context.Query.Get($"{head}.ApplyMethod") ?? "pending-reboot";
            if (method is not ("immediate" or "pending-reboot")) throw RdsErrors.InvalidParameterValue($"Invalid apply method: {RdsParameters.Printable(method)}");
            if (method == "immediate" && parameter.ApplyType == "static")
                throw RdsErrors.InvalidParameterCombination($"cannot use immediate apply method for static parameter {parameter.Name}");
            changes.Add((parameter.Name, value));
        }
        if (changes.Count == 0) throw RdsErrors.MissingParameter("Parameters");
        return changes.Count > 20 ? throw RdsErrors.InvalidParameterValue("At most 20 parameters can be modified in one request.") : changes;
    }
}
