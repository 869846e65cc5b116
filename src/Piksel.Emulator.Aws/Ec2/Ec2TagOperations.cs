using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// CreateTags, DeleteTags and DescribeTags over the volumes, instances, launch templates and the networking resources (VPCs, subnets, gateways, route
/// tables, security groups, addresses, NAT gateways, endpoints). A request naming several resources needs the action on
/// each of them, all checked before any tag changes.
/// </summary>
internal sealed class Ec2TagOperations(Ec2Store store, Network.NetworkTagTargets network) : IOperationGroup
{
    private static readonly Dictionary<string, string> IdParameterByPrefix = new(StringComparer.Ordinal)
    {
        ["i"] = "InstanceId",
        ["snap"] = "SnapshotId",
        ["subnet"] = "SubnetId",
        ["sg"] = "GroupId",
        ["eni"] = "NetworkInterfaceId",
        ["ami"] = "ImageId",
        ["lt"] = "LaunchTemplateId",
        ["vpc"] = "VpcId",
    };

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateTags", "ec2:CreateTags", CreateTags)
        .Add("DeleteTags", "ec2:DeleteTags", DeleteTags)
        .Add("DescribeTags", "ec2:DescribeTags", DescribeTags);

    private OperationCall CreateTags(AwsRequestContext context)
    {
        var ids = context.Query.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("resourceIdSet");
        var tags = context.Query.Tags("Tag");
        if (tags.Count == 0) throw Ec2Errors.MissingParameter("tagSet");
        Ec2Tags.Validate(tags);
        var targets = ids.Select(id => Taggable(context, id)).ToList();
        return OnEach(context, "ec2:CreateTags", targets, target =>
        {
            var keys = new Dictionary<string, IReadOnlyList<string>>(target.Keys, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, values) in Ec2Tags.RequestKeys(tags)) keys[key] = values;
            return keys;
        }, () =>
        {
            context.Query.StopIfDryRun();
            foreach (var target in targets)
            {
                var merged = target.Tags.Where(t => tags.All(n => n.Key != t.Key)).Concat(tags).ToList();
                if (merged.Count > Ec2Tags.MaxPerResource)
                    throw new AwsServiceException("TagLimitExceeded", $"The maximum number of Tags for a resource has been reached. ({target.Id})");
            }
            foreach (var target in targets) target.Retag(current => [.. current.Where(t => tags.All(n => n.Key != t.Key)).Concat(tags)]);

            return xml => xml.WriteElementString("return", "true");
        });
    }

    private OperationCall DeleteTags(AwsRequestContext context)
    {
        var ids = context.Query.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("resourceIdSet");
        var tags = context.Query.TagKeys("Tag");
        var targets = ids.Select(id => Taggable(context, id)).ToList();
        return OnEach(context, "ec2:DeleteTags", targets, target =>
        {
            var keys = new Dictionary<string, IReadOnlyList<string>>(target.Keys, StringComparer.OrdinalIgnoreCase);
            // Without Tag.N every tag goes: the request names all of the resource's keys.
            var named = tags.Count > 0 ? tags.Select(t => t.Key).ToList() : target.Tags.Select(t => t.Key).ToList();
            if (named.Count > 0) keys["aws:TagKeys"] = named;
            return keys;
        }, () =>
        {
            context.Query.StopIfDryRun();
            // A tag given with a value goes only when the value matches; a key alone removes whatever value it has.
            bool Removed(Ec2Tag tag) => tags.Count == 0 || tags.Any(t => t.Key == tag.Key && (t.Value is null || t.Value == tag.Value));
            foreach (var target in targets) target.Retag(current => [.. current.Where(t => !Removed(t))]);
            return xml => xml.WriteElementString("return", "true");
        });
    }

    private OperationCall DescribeTags(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var filters = context.Query.Filters();
            var maxResults = context.Query.Int("MaxResults");
            if (maxResults is < 5 or > 1000)
                throw Ec2Errors.InvalidParameterValue($"Value ( {maxResults.Value.ToString(CultureInfo.InvariantCulture)} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
            context.Query.StopIfDryRun();
            var rows = store.VolumesOf(context)
                .SelectMany(v => v.Tags.Select(t => (Id: v.VolumeId, Type: "volume", Tag: t)))
                .Concat(store.InstancesOf(context).SelectMany(i => i.Tags.Select(t => (Id: i.InstanceId, Type: "instance", Tag: t))))
                .Concat(store.LaunchTemplates.Values.Where(l => l.Account == context.AccountId && l.Region == context.Region)
                    .SelectMany(l => l.Tags.Select(t => (Id: l.LaunchTemplateId, Type: "launch-template", Tag: t))))
                .Concat(network.All(context))
                .Where(r => filters.All(f => f.Name switch
                {
                    "resource-id" => f.MatchesAny(r.Id),
                    "resource-type" => f.MatchesAny(r.Type),
                    "key" => f.MatchesAny(r.Tag.Key),
                    "value" => f.MatchesAny(r.Tag.Value),
                    _ when f.Name.StartsWith("tag:", StringComparison.Ordinal) => r.Tag.Key == f.Name[4..] && f.MatchesAny(r.Tag.Value),
                    _ => throw Ec2Errors.InvalidParameterValue($"The filter '{f.Name}' is invalid"),
                }))
                .OrderBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.Tag.Key, StringComparer.Ordinal)
                .ToList();
            var (page, next) = Page(rows, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("tagSet", page, (x, r) =>
                {
                    x.WriteElementString("resourceId", r.Id);
                    x.WriteElementString("resourceType", r.Type);
                    x.WriteElementString("key", r.Tag.Key);
                    x.WriteElementString("value", r.Tag.Value);
                });
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    /// <summary>
    /// The declared <paramref name="action"/> on every resource of <paramref name="targets"/>, in the request's order (the
    /// pipeline checks the first as the operation's access and the rest beside it), then <paramref name="run"/>.
    /// </summary>
    private static OperationCall OnEach(AwsRequestContext context, string action, List<TagTarget> targets,
        Func<TagTarget, Dictionary<string, IReadOnlyList<string>>> keys, Func<Action<XmlWriter>> run)
    {
        Access AccessTo(TagTarget target) => new(target.Arn) { ContextKeys = keys(target) };
        var call = Answer(context, AccessTo(targets[0]), run);
        foreach (var target in targets.Skip(1)) call.AndAlso(action, AccessTo(target));
        return call;
    }

    /// <summary>The volume or networking resource <paramref name="id"/> names; any other resource type is one the emulator never has.</summary>
    private TagTarget Taggable(AwsRequestContext context, string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash > 0 ? id[..dash] : "";
        if (prefix == "vol")
        {
            var volume = store.Volume(context, id);
            return new TagTarget(volume.VolumeId, "volume", volume.Arn, volume.Tags, Ec2Store.ResourceKeys(volume),
                retag => store.Volumes.Update(Ec2Store.Row(volume), current => current is null ? null : current with { Tags = retag(current.Tags) }));
        }
        if (prefix == "i")
        {
            var instance = store.Instance(context, id);
            return new TagTarget(instance.InstanceId, "instance", instance.Arn, instance.Tags, Ec2Store.ResourceKeys(instance),
                retag => store.Instances.Update(Ec2Store.Row(instance.Account, instance.Region, instance.InstanceId),
                    current => current is null ? null : current with { Tags = retag(current.Tags) }));
        }
        if (prefix == "lt")
        {
            var template = store.LaunchTemplates.Find(Ec2Store.Row(context.AccountId, context.Region, Network.NetworkStore.RequireId(id, "lt")))
                ?? throw Ec2Errors.NotFound("LaunchTemplateId", id);
            return new TagTarget(template.LaunchTemplateId, "launch-template", template.Arn, template.Tags, Instances.LaunchTemplateOperations.ResourceKeys(template),
                retag => store.LaunchTemplates.Update(Ec2Store.Row(template.Account, template.Region, template.LaunchTemplateId),
                    current => current is null ? null : current with { Tags = retag(current.Tags) }));
        }
        if (network.Find(context, id) is { } target) return target;
        throw IdParameterByPrefix.TryGetValue(prefix, out var parameter) ? Ec2Errors.NotFound(parameter, id) : Ec2Errors.InvalidId(id);
    }
}
