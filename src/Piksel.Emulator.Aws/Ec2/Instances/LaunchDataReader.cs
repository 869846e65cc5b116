using System.Globalization;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Reads a <see cref="LaunchData"/> from RunInstances' parameters (no prefix) or a launch template's
/// (<c>LaunchTemplateData.</c>): both name their lists <c>BlockDeviceMapping.N</c>, <c>SecurityGroupId.N</c> and
/// <c>TagSpecification.N</c>.
/// </summary>
internal static class LaunchDataReader
{
    /// <summary>The resource types a launch may tag.</summary>
    private static readonly string[] LaunchTaggable = ["instance", "volume", "network-interface", "spot-instances-request", "elastic-gpu"];

    public static LaunchData Read(QueryParameters query, string prefix)
    {
        var data = new LaunchData
        {
            ImageId = query.Get(prefix + "ImageId"),
            InstanceType = query.Get(prefix + "InstanceType"),
            SubnetId = query.Get(prefix + "SubnetId") ?? query.Get(prefix + "NetworkInterface.1.SubnetId"),
            SecurityGroupIds = [.. query.List(prefix + "SecurityGroupId").Concat(query.List(prefix + "NetworkInterface.1.SecurityGroupId"))],
            InstanceProfileArn = query.Get(prefix + "IamInstanceProfile.Arn"),
            InstanceProfileName = query.Get(prefix + "IamInstanceProfile.Name"),
            BlockDevices = BlockDevices(query, prefix + "BlockDeviceMapping"),
            TagSpecifications = TagSpecifications(query, prefix + "TagSpecification"),
            HttpTokens = query.Get(prefix + "MetadataOptions.HttpTokens"),
            HttpPutResponseHopLimit = query.Int(prefix + "MetadataOptions.HttpPutResponseHopLimit"),
            UserData = query.Get(prefix + "UserData"),
            AvailabilityZone = query.Get(prefix + "Placement.AvailabilityZone"),
        };
        if (data.HttpTokens is not (null or "required" or "optional"))
            throw Ec2Errors.InvalidParameterValue($"Value ({data.HttpTokens}) for parameter HttpTokens is invalid. Valid values: optional, required.");
        if (data.InstanceType is { } type && InstanceTypes.Find(type) is null)
            throw Ec2Errors.InvalidParameterValue($"Invalid value '{type}' for InstanceType.");
        return data;
    }

    /// <summary><paramref name="request"/> over <paramref name="template"/>: what the request gives wins, lists replace lists.</summary>
    public static LaunchData Merge(LaunchData template, LaunchData request) => new()
    {
        ImageId = request.ImageId ?? template.ImageId,
        InstanceType = request.InstanceType ?? template.InstanceType,
        SubnetId = request.SubnetId ?? template.SubnetId,
        SecurityGroupIds = request.SecurityGroupIds.Count > 0 ? request.SecurityGroupIds : template.SecurityGroupIds,
        InstanceProfileArn = request.InstanceProfileArn ?? (request.InstanceProfileName is null ? template.InstanceProfileArn : null),
        InstanceProfileName = request.InstanceProfileName ?? (request.InstanceProfileArn is null ? template.InstanceProfileName : null),
        BlockDevices = request.BlockDevices.Count > 0 ? request.BlockDevices : template.BlockDevices,
        // Tags of both apply; the request's win for a key given twice.
        TagSpecifications = [.. template.TagSpecifications.Concat(request.TagSpecifications)],
        HttpTokens = request.HttpTokens ?? template.HttpTokens,
        HttpPutResponseHopLimit = request.HttpPutResponseHopLimit ?? template.HttpPutResponseHopLimit,
        UserData = request.UserData ?? template.UserData,
        AvailabilityZone = request.AvailabilityZone ?? template.AvailabilityZone,
    };

    /// <summary>The tags <paramref name="data"/> gives resources of <paramref name="resourceType"/>, later ones winning per key.</summary>
    public static IReadOnlyList<Ec2Tag> TagsFor(LaunchData data, string resourceType)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in data.TagSpecifications.Where(s => s.ResourceType == resourceType))
            foreach (var tag in spec.Tags) tags[tag.Key] = tag.Value;
        return [.. tags.Select(t => new Ec2Tag(t.Key, t.Value))];
    }

    private static List<BlockDevice> BlockDevices(QueryParameters query, string prefix)
    {
        var devices = new List<BlockDevice>();
        for (var i = 1; ; i++)
        {
            var head = $"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}";
            var name = query.Get(head + ".DeviceName");
            if (name is null) return devices;
            var ebs = head + ".Ebs.";
            devices.Add(new BlockDevice(name, query.Int(ebs + "VolumeSize"), query.Get(ebs + "VolumeType"), query.Bool(ebs + "Encrypted"),
                query.Get(ebs + "KmsKeyId"), query.Bool(ebs + "DeleteOnTermination"), query.Int(ebs + "Iops"), query.Int(ebs + "Throughput")));
        }
    }

    private static List<TypedTags> TagSpecifications(QueryParameters query, string prefix)
    {
        var specs = new List<TypedTags>();
        for (var i = 1; ; i++)
        {
            var head = $"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}";
            var type = query.Get(head + ".ResourceType");
            var tags = query.Tags(head + ".Tag");
            if (type is null && tags.Count == 0) return specs;
            if (type is null) throw Ec2Errors.MissingParameter($"{head}.ResourceType");
            if (!LaunchTaggable.Contains(type))
                throw Ec2Errors.InvalidParameterValue($"'{type}' is not a valid taggable resource type for this operation.");
            Ec2Tags.Validate(tags);
            specs.Add(new TypedTags(type, tags));
        }
    }
}
