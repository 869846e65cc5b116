using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>AddTagsToResource, ListTagsForResource and RemoveTagsFromResource on instance, subnet group, parameter group and snapshot ARNs.</summary>
internal sealed class RdsTagOperations(RdsStore store) : IOperationGroup
{
    public void Register(OperationTable table) => table
        .Add("AddTagsToResource", "rds:AddTagsToResource", Add)
        .Add("ListTagsForResource", "rds:ListTagsForResource", List)
        .Add("RemoveTagsFromResource", "rds:RemoveTagsFromResource", Remove);

    private OperationCall Add(AwsRequestContext context)
    {
        var arn = RdsParameters.Required(context.Query, "ResourceName");
        var tags = RdsParameters.Tags(context.Query);
        var target = Target(context, arn);
        var access = target.Access;
        return OperationCall.On(RdsAccess.Creating(access.Resource, tags, new(access.ContextKeys!, StringComparer.OrdinalIgnoreCase)), () =>
        {
            target.Change(current => [.. current.Where(t => !tags.Any(n => n.Key == t.Key)), .. tags]);
            return RdsAccess.Respond(context, null);
        });
    }

    private OperationCall List(AwsRequestContext context)
    {
        var target = Target(context, RdsParameters.Required(context.Query, "ResourceName"));
        return OperationCall.On(target.Access, () => RdsAccess.Respond(context, xml => RdsXml.Tags(xml, "TagList", target.Tags())));
    }

    private OperationCall Remove(AwsRequestContext context)
    {
        var target = Target(context, RdsParameters.Required(context.Query, "ResourceName"));
        var keys = RdsParameters.List(context.Query, "TagKeys", "member");
        var access = target.Access;
        var contextKeys = new Dictionary<string, IReadOnlyList<string>>(access.ContextKeys!, StringComparer.OrdinalIgnoreCase);
        if (keys.Count > 0) contextKeys["aws:TagKeys"] = keys;
        return OperationCall.On(access with { ContextKeys = contextKeys }, () =>
        {
            target.Change(current => [.. current.Where(t => !keys.Contains(t.Key, StringComparer.Ordinal))]);
            return RdsAccess.Respond(context, null);
        });
    }

    /// <summary>The tagged resource an ARN names: its access, its tags, and how to change them.</summary>
    private sealed record Tagged(Access Access, Func<IReadOnlyList<RdsTag>> Tags, Action<Func<IReadOnlyList<RdsTag>, IReadOnlyList<RdsTag>>> Change);

    private Tagged Target(AwsRequestContext context, string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length != 7 || parts[0] != "arn" || parts[2] != "rds" || parts[3] != context.Region || parts[4] != context.AccountId)
            throw RdsErrors.InvalidParameterValue($"The specified resource name does not match an RDS resource in this region.");
        var row = RdsStore.Row(context, parts[6]);
        Access Missing() => new(arn) { ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) };
        return parts[5] switch
        {
            "db" => store.Instances.Find(row) is { } db
                ? new(RdsAccess.Instance(db), () => store.Instances.Find(row)?.Tags ?? [], f => store.Instances.Update(row, c => c is null ? throw RdsErrors.InstanceNotFound(parts[6]) : c with { Tags = f(c.Tags) }))
                : Fails(Missing(), RdsErrors.InstanceNotFound(parts[6])),
            "subgrp" => store.SubnetGroups.Find(row) is { } g
                ? new(RdsAccess.Tagged(g.Arn, "subgrp", g.Tags), () => store.SubnetGroups.Find(row)?.Tags ?? [], f => store.SubnetGroups.Update(row, c => c is null ? throw RdsErrors.SubnetGroupNotFound(parts[6]) : c with { Tags = f(c.Tags) }))
                : Fails(Missing(), RdsErrors.SubnetGroupNotFound(parts[6])),
            "pg" => store.ParameterGroups.Find(row) is { } p
                ? new(RdsAccess.Tagged(p.Arn, "pg", p.Tags), () => store.ParameterGroups.Find(row)?.Tags ?? [], f => store.ParameterGroups.Update(row, c => c is null ? throw RdsErrors.ParameterGroupNotFound(parts[6]) : c with { Tags = f(c.Tags) }))
                : Fails(Missing(), RdsErrors.ParameterGroupNotFound(parts[6])),
            "snapshot" => store.Snapshots.Find(row) is { } s
                ? new(RdsAccess.Tagged(s.Arn, "snapshot", s.Tags), () => store.Snapshots.Find(row)?.Tags ?? [], f => store.Snapshots.Update(row, c => c is null ? throw RdsErrors.SnapshotNotFound(parts[6]) : c with { Tags = f(c.Tags) }))
                : Fails(Missing(), RdsErrors.SnapshotNotFound(parts[6])),
            _ => throw RdsErrors.InvalidParameterValue("The specified resource name does not match an RDS resource in this region."),
        };
    }

    // A missing resource is authorized first, then reported: callers without rights learn nothing of what exists.
    private static Tagged Fails(Access access, Protocol.AwsServiceException error) => new(access, () => throw error, _ => throw error);
}
