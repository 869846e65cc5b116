using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>CreateTags, DeleteTags and DescribeTags over the volumes (the only taggable resources the emulator keeps).</summary>
public sealed partial class Ec2Service
{
    private const int MaxTagsPerResource = 50;

    private static readonly Dictionary<string, string> IdParameterByPrefix = new(StringComparer.Ordinal)
    {
        ["i"] = "InstanceId", ["snap"] = "SnapshotId", ["subnet"] = "SubnetId", ["sg"] = "GroupId", ["eni"] = "NetworkInterfaceId",
        ["ami"] = "ImageId", ["lt"] = "LaunchTemplateId", ["vpc"] = "VpcId",
    };

    private Action<XmlWriter> CreateTags(AwsRequestContext context)
    {
        var ids = context.Query.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("resourceIdSet");
        var tags = context.Query.Tags("Tag");
        if (tags.Count == 0) throw Ec2Errors.MissingParameter("tagSet");
        ValidateTags(tags);
        var targets = ids.Select(id => TaggableVolume(context, id)).ToList();
        foreach (var volume in targets)
        {
            var keys = ResourceKeys(volume);
            foreach (var (key, values) in RequestTagKeys.Of(tags.Select(t => KeyValuePair.Create(t.Key, t.Value)))) keys[key] = values;
            Authorize(context, "ec2:CreateTags", volume.Arn, keys);
        }
        DryRun(context);
        foreach (var volume in targets)
        {
            var merged = volume.Tags.Where(t => tags.All(n => n.Key != t.Key)).Concat(tags).ToList();
            if (merged.Count > MaxTagsPerResource)
                throw new AwsServiceException("TagLimitExceeded", $"The maximum number of Tags for a resource has been reached. ({volume.VolumeId})");
        }
        foreach (var volume in targets)
            volumes.Update(Row(volume), current => current is null ? null
                : current with { Tags = [.. current.Tags.Where(t => tags.All(n => n.Key != t.Key)).Concat(tags)] });
        return xml => xml.WriteElementString("return", "true");
    }

    private Action<XmlWriter> DeleteTags(AwsRequestContext context)
    {
        var ids = context.Query.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("resourceIdSet");
        var tags = context.Query.TagKeys("Tag");
        var targets = ids.Select(id => TaggableVolume(context, id)).ToList();
        foreach (var volume in targets)
        {
            var keys = ResourceKeys(volume);
            // Without Tag.N every tag goes: the request names all of the resource's keys.
            var named = tags.Count > 0 ? tags.Select(t => t.Key).ToList() : volume.Tags.Select(t => t.Key).ToList();
            if (named.Count > 0) keys["aws:TagKeys"] = named;
            Authorize(context, "ec2:DeleteTags", volume.Arn, keys);
        }
        DryRun(context);
        // A tag given with a value goes only when the value matches; a key alone removes whatever value it has.
        bool Removed(Ec2Tag tag) => tags.Count == 0 || tags.Any(t => t.Key == tag.Key && (t.Value is null || t.Value == tag.Value));
        foreach (var volume in targets)
            volumes.Update(Row(volume), current => current is null ? null : current with { Tags = [.. current.Tags.Where(t => !Removed(t))] });
        return xml => xml.WriteElementString("return", "true");
    }

    private Action<XmlWriter> DescribeTags(AwsRequestContext context)
    {
        Authorize(context, "ec2:DescribeTags", "*");
        var filters = context.Query.Filters();
        var maxResults = context.Query.Int("MaxResults");
        if (maxResults is < 5 or > 1000)
            throw Ec2Errors.InvalidParameterValue($"Value ( {maxResults.Value.ToString(CultureInfo.InvariantCulture)} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
        DryRun(context);
        var rows = volumes.Values
            .Where(v => v.Account == context.AccountId && v.Region == context.Region)
            .SelectMany(v => v.Tags.Select(t => (v.VolumeId, Tag: t)))
            .Where(r => filters.All(f => f.Name switch
            {
                "resource-id" => f.MatchesAny(r.VolumeId),
                "resource-type" => f.MatchesAny("volume"),
                "key" => f.MatchesAny(r.Tag.Key),
                "value" => f.MatchesAny(r.Tag.Value),
                _ when f.Name.StartsWith("tag:", StringComparison.Ordinal) => r.Tag.Key == f.Name[4..] && f.MatchesAny(r.Tag.Value),
                _ => throw Ec2Errors.InvalidParameterValue($"The filter '{f.Name}' is invalid"),
            }))
            .OrderBy(r => r.VolumeId, StringComparer.Ordinal).ThenBy(r => r.Tag.Key, StringComparer.Ordinal)
            .ToList();
        var (page, next) = Page(rows, maxResults, context.Query.Get("NextToken"));
        return xml =>
        {
            xml.WriteSet("tagSet", page, (x, r) =>
            {
                x.WriteElementString("resourceId", r.VolumeId);
                x.WriteElementString("resourceType", "volume");
                x.WriteElementString("key", r.Tag.Key);
                x.WriteElementString("value", r.Tag.Value);
            });
            if (next is not null) xml.WriteElementString("nextToken", next);
        };
    }

    /// <summary>The volume <paramref name="id"/> names; any other resource type is one the emulator never has.</summary>
    private VolumeRecord TaggableVolume(AwsRequestContext context, string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash > 0 ? id[..dash] : "";
        if (prefix == "vol")
        {
            RequireVolumeId(id);
            return volumes.Find(Row(context.AccountId, context.Region, id)) ?? throw Ec2Errors.VolumeNotFound(id);
        }
        throw IdParameterByPrefix.TryGetValue(prefix, out var parameter) ? NotFound(parameter, id) : Ec2Errors.InvalidId(id);
    }

    /// <summary>EC2's tag rules: keys 1–128 characters not starting with <c>aws:</c>, values up to 256, no key twice, at most 50.</summary>
    private static void ValidateTags(IReadOnlyList<Ec2Tag> tags)
    {
        if (tags.Count > MaxTagsPerResource)
            throw new AwsServiceException("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > 128)
                throw Ec2Errors.InvalidParameterValue($"Tag key exceeds the maximum length of 128 characters or is empty: '{tag.Key}'");
            if (tag.Value.Length > 256)
                throw Ec2Errors.InvalidParameterValue($"Tag value exceeds the maximum length of 256 characters for key '{tag.Key}'");
            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw Ec2Errors.InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
        }
        if (tags.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw Ec2Errors.InvalidParameterValue($"Duplicate tag key '{duplicate.Key}' specified.");
    }
}
