using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>EBS volumes: create, describe, delete, with the condition keys EC2 puts in their authorization.</summary>
internal sealed class VolumeOperations(Ec2Store store, VolumeKeys keys) : IOperationGroup
{
    private static readonly Dictionary<string, (int Min, int Max)> SizeLimits = new(StringComparer.Ordinal)
    {
        ["gp2"] = (1, 16384),
        ["gp3"] = (1, 65536),
        ["io1"] = (4, 16384),
        ["io2"] = (4, 65536),
        ["st1"] = (125, 16384),
        ["sc1"] = (125, 16384),
        ["standard"] = (1, 1024),
    };

    private static readonly string[] VolumeFilters =
        ["volume-id", "availability-zone", "status", "volume-type", "size", "encrypted", "snapshot-id", "tag-key", "tag-value", "multi-attach-enabled", "create-time",
         "attachment.instance-id", "attachment.status", "attachment.device", "attachment.delete-on-termination"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateVolume", "ec2:CreateVolume", CreateVolume)
        .Add("DescribeVolumes", "ec2:DescribeVolumes", DescribeVolumes)
        .Add("DeleteVolume", "ec2:DeleteVolume", DeleteVolume);

    private OperationCall CreateVolume(AwsRequestContext context)
    {
        var query = context.Query;
        var zone = query.Get("AvailabilityZone") ?? Ec2Zones.NameOf(context.Region, query.Get("AvailabilityZoneId"))
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
        Ec2Tags.Validate(tags);

        var volumeId = NewId("vol");
        var keys = Ec2Tags.RequestKeys(tags);
        var tagKeys = new Dictionary<string, IReadOnlyList<string>>(keys, StringComparer.OrdinalIgnoreCase) { ["ec2:CreateAction"] = ["CreateVolume"] };
        keys["ec2:AvailabilityZone"] = [zone];
        keys["ec2:VolumeType"] = [type];
        keys["ec2:Encrypted"] = [encrypted ? "true" : "false"];
        if (size is { } sz) keys["ec2:VolumeSize"] = [sz.ToString(CultureInfo.InvariantCulture)];
        if (iops is { } io) keys["ec2:VolumeIops"] = [io.ToString(CultureInfo.InvariantCulture)];
        if (throughput is { } tp) keys["ec2:VolumeThroughput"] = [tp.ToString(CultureInfo.InvariantCulture)];
        var snapshotArn = snapshotId is null ? null : $"arn:aws:ec2:{context.Region}::snapshot/{snapshotId}";
        if (snapshotArn is not null) keys["ec2:ParentSnapshot"] = [snapshotArn];

        var call = Answer(context, new Access(VolumeRecord.ArnOf(context.Region, context.AccountId, "*")) { ContextKeys = keys },
            () => Create(context, new NewVolume(volumeId, zone, type, size, iops, throughput, encrypted, tags, snapshotId)));
        // Creating from a snapshot needs the action on the snapshot too.
        if (snapshotArn is not null) call.AndAlso("ec2:CreateVolume", new Access(snapshotArn) { ContextKeys = keys });
        // Tagging on create is a second authorization, ec2:CreateTags with ec2:CreateAction naming the creating action:
        // the EBS CSI policy allows CreateTags only under that condition.
        if (tags.Count > 0)
            call.AndAlso("ec2:CreateTags", new Access(VolumeRecord.ArnOf(context.Region, context.AccountId, volumeId)) { ContextKeys = tagKeys });
        return call;
    }

    private Action<XmlWriter> Create(AwsRequestContext context, NewVolume asked)
    {
        var query = context.Query;
        query.StopIfDryRun();
        if (asked.SnapshotId is not null) throw Ec2Errors.SnapshotNotFound(asked.SnapshotId);
        if (Ec2Zones.Of(context.Region).All(z => z.Name != asked.Zone))
            throw Ec2Errors.InvalidParameterValue($"Invalid availability zone: [{asked.Zone}]");

        // A retry with the same ClientToken answers the volume the first call made, as EC2's idempotency does.
        var token = query.Get("ClientToken");
        if (token is not null && store.VolumesOf(context).FirstOrDefault(v => v.ClientToken == token) is { } existing)
            return xml => WriteVolume(xml, existing, "creating", context.Time.GetUtcNow());

        var volume = new VolumeRecord
        {
            Account = context.AccountId,
            Region = context.Region,
            VolumeId = asked.VolumeId,
            AvailabilityZone = asked.Zone,
            Size = asked.Size ?? 1,
            VolumeType = asked.Type,
            Iops = asked.Iops ?? asked.Type switch { "gp3" => 3000, "gp2" => Math.Clamp(3 * (asked.Size ?? 1), 100, 16000), _ => null },
            Throughput = asked.Throughput ?? (asked.Type == "gp3" ? 125 : null),
            Encrypted = asked.Encrypted || query.Get("KmsKeyId") is not null,
            KmsKeyId = query.Get("KmsKeyId") is { } key ? keys.Require(context, key) : null,
            MultiAttachEnabled = query.Bool("MultiAttachEnabled") ?? false,
            CreateTime = context.Time.GetUtcNow(),
            Tags = asked.Tags,
            ClientToken = token,
        };
        store.Volumes.Put(Ec2Store.Row(volume), volume);
        // EC2 answers "creating"; with no hardware behind it the volume is available by the time anyone looks.
        return xml => WriteVolume(xml, volume, "creating", volume.CreateTime);
    }

    private OperationCall DescribeVolumes(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var ids = context.Query.List("VolumeId");
            foreach (var id in ids) Ec2Store.RequireVolumeId(id);
            var filters = context.Query.Filters();
            foreach (var filter in filters.Where(f => !f.Name.StartsWith("tag:", StringComparison.Ordinal) && !VolumeFilters.Contains(f.Name)))
                throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
            var maxResults = context.Query.Int("MaxResults");
            if (maxResults is not null && ids.Count > 0)
                throw Ec2Errors.InvalidParameterCombination("The parameter volumeSet cannot be used with the parameter maxResults");
            if (maxResults is < 5 or > 500)
                throw Ec2Errors.InvalidParameterValue($"Value ( {maxResults.Value.ToString(CultureInfo.InvariantCulture)} ) for parameter maxResults is invalid. Expecting a value between 5 and 500.");
            context.Query.StopIfDryRun();

            var now = context.Time.GetUtcNow();
            var mine = store.VolumesOf(context).ToList();
            var missing = ids.Where(id => mine.All(v => v.VolumeId != id)).Distinct().ToList();
            if (missing.Count > 0) throw Ec2Errors.VolumesNotFound(missing);

            var matching = mine.Where(v => ids.Count == 0 || ids.Contains(v.VolumeId))
                .Where(v => filters.All(f => Matches(v, f, now)))
                .OrderBy(v => v.CreateTime).ThenBy(v => v.VolumeId, StringComparer.Ordinal).ToList();
            var (page, next) = Page(matching, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("volumeSet", page, (x, v) => WriteVolume(x, v, Status(v, now), now));
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    private OperationCall DeleteVolume(AwsRequestContext context)
    {
        var id = context.Query.Get("VolumeId") ?? throw Ec2Errors.MissingParameter("VolumeId");
        var volume = store.Volume(context, id);
        return Answer(context, new Access(volume.Arn) { ContextKeys = Ec2Store.ResourceKeys(volume) }, () =>
        {
            context.Query.StopIfDryRun();
            if (Instances.VolumeAttachmentOperations.Holding(volume, context.Time.GetUtcNow()) is { } attachment)
                throw new AwsServiceException("VolumeInUse", $"Volume {volume.VolumeId} is currently attached to {attachment.InstanceId}");
            store.Volumes.Remove(Ec2Store.Row(volume));
            return xml => xml.WriteElementString("return", "true");
        });
    }

    private static bool Matches(VolumeRecord volume, Ec2Filter filter, DateTimeOffset now) => filter.Name switch
    {
        "volume-id" => filter.MatchesAny(volume.VolumeId),
        "availability-zone" => filter.MatchesAny(volume.AvailabilityZone),
        "status" => filter.MatchesAny(Status(volume, now)),
        "attachment.instance-id" => filter.MatchesAny(Instances.VolumeAttachmentOperations.Holding(volume, now)?.InstanceId),
        "attachment.device" => filter.MatchesAny(Instances.VolumeAttachmentOperations.Holding(volume, now)?.Device),
        "attachment.status" => Instances.VolumeAttachmentOperations.Holding(volume, now) is { } a && filter.MatchesAny(Instances.InstanceStates.Of(a, now)),
        "attachment.delete-on-termination" => Instances.VolumeAttachmentOperations.Holding(volume, now) is { } d && filter.MatchesAny(XmlValues.Bool(d.DeleteOnTermination)),
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

    /// <summary><c>in-use</c> while an attachment holds the volume, else <c>available</c>.</summary>
    private static string Status(VolumeRecord volume, DateTimeOffset now) =>
        Instances.VolumeAttachmentOperations.Holding(volume, now) is null ? "available" : "in-use";

    private static void WriteVolume(XmlWriter xml, VolumeRecord volume, string status, DateTimeOffset now)
    {
        xml.WriteElementString("volumeId", volume.VolumeId);
        xml.WriteElementString("size", volume.Size.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("snapshotId", volume.SnapshotId ?? "");
        xml.WriteElementString("availabilityZone", volume.AvailabilityZone);
        xml.WriteElementString("status", status);
        xml.WriteElementString("createTime", XmlValues.Timestamp(volume.CreateTime));
        if (status != "creating")
        {
            var held = Instances.VolumeAttachmentOperations.Holding(volume, now);
            xml.WriteSet("attachmentSet", held is null ? [] : new[] { held }, (x, a) =>
            {
                x.WriteElementString("volumeId", volume.VolumeId);
                x.WriteElementString("instanceId", a.InstanceId);
                x.WriteElementString("device", a.Device);
                x.WriteElementString("status", Instances.InstanceStates.Of(a, now));
                x.WriteElementString("attachTime", XmlValues.Timestamp(a.AttachTime));
                x.WriteElementString("deleteOnTermination", XmlValues.Bool(a.DeleteOnTermination));
            });
        }
        if (volume.Tags.Count > 0) xml.WriteTagSet(volume.Tags);
        xml.WriteElementString("volumeType", volume.VolumeType);
        if (volume.Iops is { } iops) xml.WriteElementString("iops", iops.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("encrypted", XmlValues.Bool(volume.Encrypted));
        if (volume.KmsKeyId is not null) xml.WriteElementString("kmsKeyId", volume.KmsKeyId);
        xml.WriteElementString("multiAttachEnabled", XmlValues.Bool(volume.MultiAttachEnabled));
        if (volume.Throughput is { } throughput) xml.WriteElementString("throughput", throughput.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What CreateVolume read and validated before it was authorized.</summary>
    private sealed record NewVolume(string VolumeId, string Zone, string Type, int? Size, int? Iops, int? Throughput, bool Encrypted,
        IReadOnlyList<Ec2Tag> Tags, string? SnapshotId);

    private static string NewId(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17]}";
}
