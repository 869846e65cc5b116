using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>EBS volumes: create, describe, delete, with the condition keys EC2 puts in their authorization.</summary>
public sealed partial class Ec2Service
{
    private static readonly Dictionary<string, (int Min, int Max)> SizeLimits = new(StringComparer.Ordinal)
    {
        ["gp2"] = (1, 16384), ["gp3"] = (1, 65536), ["io1"] = (4, 16384), ["io2"] = (4, 65536),
        ["st1"] = (125, 16384), ["sc1"] = (125, 16384), ["standard"] = (1, 1024),
    };

    private static readonly string[] VolumeFilters =
        ["volume-id", "availability-zone", "status", "volume-type", "size", "encrypted", "snapshot-id", "tag-key", "tag-value", "multi-attach-enabled", "create-time"];

    private Action<XmlWriter> CreateVolume(AwsRequestContext context)
    {
        var query = context.Query;
        var zone = query.Get("AvailabilityZone") ?? ZoneById(context, query.Get("AvailabilityZoneId"))
            ?? throw Ec2Errors.MissingParameter("AvailabilityZone");
        var type = query.Get("VolumeType") ?? "gp3";
        if (!SizeLimits.TryGetValue(type, out var limits))
            throw Ec2Errors.InvalidParameterValue($"Value ({type}) for parameter volumeType is invalid. Valid values: standard, io1, io2, gp2, sc1, st1, gp3.");
        var snapshotId = query.Get("SnapshotId");
        var size = query.Int("Size");
        if (size is null && snapshotId is null) throw Ec2Errors.MissingParameter("size or snapshotId");
        if (size is { } s && (s < limits.Min || s > limits.Max))
            throw Ec2Errors.InvalidParameterValue($"Volume of {s.ToString(CultureInfo.InvariantCulture)}GiB is too {(s < limits.Min ? "small" : "large")}; {(s < limits.Min ? "minimum" : "maximum")} is {(s < limits.Min ? limits.Min : limits.Max).ToString(CultureInfo.InvariantCulture)}GiB.");
        var iops = query.Int("Iops");
        var throughput = query.Int("Throughput");
        if (type is "io1" or "io2" && iops is null) throw Ec2Errors.MissingParameter($"iops (required for {type} volumes)");
        if (throughput is not null && type != "gp3")
            throw Ec2Errors.InvalidParameterCombination($"The parameter throughput is not supported for {type} volumes.");
        var encrypted = query.Bool("Encrypted") ?? false;
        var tags = query.TagSpecifications("volume");
        ValidateTags(tags);

        var volumeId = NewId("vol");
        var keys = RequestTagKeys.Of(tags.Select(t => KeyValuePair.Create(t.Key, t.Value)));
        var tagKeys = new Dictionary<string, IReadOnlyList<string>>(keys, StringComparer.OrdinalIgnoreCase) { ["ec2:CreateAction"] = ["CreateVolume"] };
        keys["ec2:AvailabilityZone"] = [zone];
        keys["ec2:VolumeType"] = [type];
        keys["ec2:Encrypted"] = [encrypted ? "true" : "false"];
        if (size is { } sz) keys["ec2:VolumeSize"] = [sz.ToString(CultureInfo.InvariantCulture)];
        if (iops is { } io) keys["ec2:VolumeIops"] = [io.ToString(CultureInfo.InvariantCulture)];
        if (throughput is { } tp) keys["ec2:VolumeThroughput"] = [tp.ToString(CultureInfo.InvariantCulture)];
        if (snapshotId is not null) keys["ec2:ParentSnapshot"] = [$"arn:aws:ec2:{context.Region}::snapshot/{snapshotId}"];
        Authorize(context, "ec2:CreateVolume", VolumeRecord.ArnOf(context.Region, context.AccountId, "*"), keys);
        if (snapshotId is not null)
            Authorize(context, "ec2:CreateVolume", $"arn:aws:ec2:{context.Region}::snapshot/{snapshotId}", keys);
        // Tagging on create is a second authorization, ec2:CreateTags with ec2:CreateAction naming the creating action:
        // the EBS CSI policy allows CreateTags only under that condition.
        if (tags.Count > 0)
        {
            Authorize(context, "ec2:CreateTags", VolumeRecord.ArnOf(context.Region, context.AccountId, volumeId), tagKeys);
        }
        DryRun(context);
        if (snapshotId is not null) throw Ec2Errors.SnapshotNotFound(snapshotId);
        if (Zones(context.Region).All(z => z.Name != zone))
            throw Ec2Errors.InvalidParameterValue($"Invalid availability zone: [{zone}]");

        // A retry with the same ClientToken answers the volume the first call made, as EC2's idempotency does.
        var token = query.Get("ClientToken");
        if (token is not null && volumes.Values.FirstOrDefault(v => v.Account == context.AccountId && v.Region == context.Region && v.ClientToken == token) is { } existing)
            return xml => WriteVolume(xml, existing, "creating");

        var volume = new VolumeRecord
        {
            Account = context.AccountId,
            Region = context.Region,
            VolumeId = volumeId,
            AvailabilityZone = zone,
            Size = size ?? 1,
            VolumeType = type,
            Iops = iops ?? type switch { "gp3" => 3000, "gp2" => Math.Clamp(3 * (size ?? 1), 100, 16000), _ => null },
            Throughput = throughput ?? (type == "gp3" ? 125 : null),
            Encrypted = encrypted || query.Get("KmsKeyId") is not null,
            KmsKeyId = query.Get("KmsKeyId"),
            MultiAttachEnabled = query.Bool("MultiAttachEnabled") ?? false,
            CreateTime = context.Time.GetUtcNow(),
            Tags = tags,
            ClientToken = token,
        };
        volumes.Put(Row(volume), volume);
        // EC2 answers "creating"; with no hardware behind it the volume is available by the time anyone looks.
        return xml => WriteVolume(xml, volume, "creating");
    }

    private Action<XmlWriter> DescribeVolumes(AwsRequestContext context)
    {
        Authorize(context, "ec2:DescribeVolumes", "*");
        var ids = context.Query.List("VolumeId");
        foreach (var id in ids) RequireVolumeId(id);
        var filters = context.Query.Filters();
        foreach (var filter in filters.Where(f => !f.Name.StartsWith("tag:", StringComparison.Ordinal) && !VolumeFilters.Contains(f.Name)))
            throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
        var maxResults = context.Query.Int("MaxResults");
        if (maxResults is not null && ids.Count > 0)
            throw Ec2Errors.InvalidParameterCombination("The parameter volumeSet cannot be used with the parameter maxResults");
        if (maxResults is < 5 or > 500)
            throw Ec2Errors.InvalidParameterValue($"Value ( {maxResults.Value.ToString(CultureInfo.InvariantCulture)} ) for parameter maxResults is invalid. Expecting a value between 5 and 500.");
        DryRun(context);

        var mine = volumes.Values.Where(v => v.Account == context.AccountId && v.Region == context.Region).ToList();
        var missing = ids.Where(id => mine.All(v => v.VolumeId != id)).Distinct().ToList();
        if (missing.Count > 0) throw Ec2Errors.VolumesNotFound(missing);

        var matching = mine.Where(v => ids.Count == 0 || ids.Contains(v.VolumeId))
            .Where(v => filters.All(f => Matches(v, f)))
            .OrderBy(v => v.CreateTime).ThenBy(v => v.VolumeId, StringComparer.Ordinal).ToList();
        var (page, next) = Page(matching, maxResults, context.Query.Get("NextToken"));
        return xml =>
        {
            xml.WriteSet("volumeSet", page, (x, v) => WriteVolume(x, v, "available"));
            if (next is not null) xml.WriteElementString("nextToken", next);
        };
    }

    private Action<XmlWriter> DeleteVolume(AwsRequestContext context)
    {
        var id = context.Query.Get("VolumeId") ?? throw Ec2Errors.MissingParameter("VolumeId");
        RequireVolumeId(id);
        var volume = volumes.Find(Row(context.AccountId, context.Region, id)) ?? throw Ec2Errors.VolumeNotFound(id);
        Authorize(context, "ec2:DeleteVolume", volume.Arn, ResourceKeys(volume));
        DryRun(context);
        volumes.Remove(Row(volume));
        return xml => xml.WriteElementString("return", "true");
    }

    private static bool Matches(VolumeRecord volume, Ec2Filter filter) => filter.Name switch
    {
        "volume-id" => filter.MatchesAny(volume.VolumeId),
        "availability-zone" => filter.MatchesAny(volume.AvailabilityZone),
        "status" => filter.MatchesAny("available"),
        "volume-type" => filter.MatchesAny(volume.VolumeType),
        "size" => filter.MatchesAny(volume.Size.ToString(CultureInfo.InvariantCulture)),
        "encrypted" => filter.MatchesAny(XmlValues.Bool(volume.Encrypted)),
        "multi-attach-enabled" => filter.MatchesAny(XmlValues.Bool(volume.MultiAttachEnabled)),
        "snapshot-id" => filter.MatchesAny(volume.SnapshotId ?? ""),
        "create-time" => filter.MatchesAny(XmlValues.Timestamp(volume.CreateTime)),
        "tag-key" => volume.Tags.Any(t => filter.MatchesAny(t.Key)),
        "tag-value" => volume.Tags.Any(t => filter.MatchesAny(t.Value)),
        _ when filter.Name.StartsWith("tag:", StringComparison.Ordinal) =>
            volume.Tags.Any(t => t.Key == filter.Name[4..] && filter.MatchesAny(t.Value)),
        _ => false,
    };

    private static void WriteVolume(XmlWriter xml, VolumeRecord volume, string status)
    {
        xml.WriteElementString("volumeId", volume.VolumeId);
        xml.WriteElementString("size", volume.Size.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("snapshotId", volume.SnapshotId ?? "");
        xml.WriteElementString("availabilityZone", volume.AvailabilityZone);
        xml.WriteElementString("status", status);
        xml.WriteElementString("createTime", XmlValues.Timestamp(volume.CreateTime));
        if (status != "creating") xml.WriteSet("attachmentSet", Array.Empty<int>(), (_, _) => { });
        if (volume.Tags.Count > 0) xml.WriteTagSet(volume.Tags);
        xml.WriteElementString("volumeType", volume.VolumeType);
        if (volume.Iops is { } iops) xml.WriteElementString("iops", iops.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("encrypted", XmlValues.Bool(volume.Encrypted));
        if (volume.KmsKeyId is not null) xml.WriteElementString("kmsKeyId", volume.KmsKeyId);
        xml.WriteElementString("multiAttachEnabled", XmlValues.Bool(volume.MultiAttachEnabled));
        if (volume.Throughput is { } throughput) xml.WriteElementString("throughput", throughput.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The condition keys of an existing volume: its tags (under aws: and ec2:) and its attributes.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ResourceKeys(VolumeRecord volume)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ec2:AvailabilityZone"] = [volume.AvailabilityZone],
            ["ec2:VolumeType"] = [volume.VolumeType],
            ["ec2:VolumeSize"] = [volume.Size.ToString(CultureInfo.InvariantCulture)],
            ["ec2:Encrypted"] = [XmlValues.Bool(volume.Encrypted)],
            ["ec2:VolumeID"] = [volume.VolumeId],
        };
        if (volume.Iops is { } iops) keys["ec2:VolumeIops"] = [iops.ToString(CultureInfo.InvariantCulture)];
        if (volume.Throughput is { } tp) keys["ec2:VolumeThroughput"] = [tp.ToString(CultureInfo.InvariantCulture)];
        foreach (var tag in volume.Tags)
        {
            keys["aws:ResourceTag/" + tag.Key] = [tag.Value];
            keys["ec2:ResourceTag/" + tag.Key] = [tag.Value];
        }
        return keys;
    }

    private static string? ZoneById(AwsRequestContext context, string? zoneId) =>
        zoneId is null ? null
        : Zones(context.Region).FirstOrDefault(z => z.Id == zoneId).Name
            ?? throw Ec2Errors.InvalidParameterValue($"Invalid availability zone ID: [{zoneId}]");

    private static void RequireVolumeId(string id)
    {
        if (!id.StartsWith("vol-", StringComparison.Ordinal) || id.Length < 12 || !id[4..].All(char.IsAsciiHexDigitLower))
            throw Ec2Errors.MalformedVolumeId(id);
    }

    /// <summary>With <c>DryRun=true</c>, an authorized request stops here with 412 DryRunOperation, as EC2 answers.</summary>
    private static void DryRun(AwsRequestContext context)
    {
        if (context.Query.Bool("DryRun") == true)
            throw new Protocol.AwsServiceException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", System.Net.HttpStatusCode.PreconditionFailed);
    }

    /// <summary>A page of <paramref name="items"/> after the offset in <paramref name="token"/>; all of them without MaxResults.</summary>
    private static (List<T> Page, string? Next) Page<T>(List<T> items, int? maxResults, string? token)
    {
        var offset = 0;
        if (token is not null && !(int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset <= items.Count))
            throw Ec2Errors.InvalidNextToken();
        var size = maxResults ?? (token is null ? int.MaxValue : 1000);
        var page = items.Skip(offset).Take(size).ToList();
        return (page, offset + page.Count < items.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null);
    }

    private static string NewId(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17]}";

    private static string Row(string account, string region, string id) => $"{account}/{region}/{id}";

    private static string Row(VolumeRecord volume) => Row(volume.Account, volume.Region, volume.VolumeId);
}
