using System.Globalization;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>EC2's durable tables (EBS volumes, instances, launch templates), how rows are keyed, and the lookups operations share.</summary>
internal sealed class Ec2Store(StateStore store)
{
    public Table<VolumeRecord> Volumes { get; } = store.Table<VolumeRecord>("ec2.volumes");
    public Table<Instances.InstanceRecord> Instances { get; } = store.Table<Instances.InstanceRecord>("ec2.instances");
    public Table<Instances.LaunchTemplateRecord> LaunchTemplates { get; } = store.Table<Instances.LaunchTemplateRecord>("ec2.launch-templates");

    public static string Row(string account, string region, string id) => $"{account}/{region}/{id}";

    public static string Row(VolumeRecord volume) => Row(volume.Account, volume.Region, volume.VolumeId);

    /// <summary>The caller's volume <paramref name="id"/> in the request's region; a malformed id or a missing volume is EC2's error.</summary>
    public VolumeRecord Volume(AwsRequestContext context, string id)
    {
        RequireVolumeId(id);
        return Volumes.Find(Row(context.AccountId, context.Region, id)) ?? throw Ec2Errors.VolumeNotFound(id);
    }

    /// <summary>The caller's instance <paramref name="id"/> while it is still described; a malformed id or a missing instance is EC2's error.</summary>
    public Instances.InstanceRecord Instance(AwsRequestContext context, string id)
    {
        var instance = Instances.Find(Row(context.AccountId, context.Region, Network.NetworkStore.RequireId(id, "i")));
        return instance is not null && Ec2.Instances.InstanceStates.Described(instance, context.Time.GetUtcNow()) ? instance : throw Ec2Errors.InstanceNotFound(id);
    }

    /// <summary>The caller's instances in the request's region that are still described.</summary>
    public IEnumerable<Instances.InstanceRecord> InstancesOf(AwsRequestContext context)
    {
        var now = context.Time.GetUtcNow();
        return Instances.Values.Where(i => i.Account == context.AccountId && i.Region == context.Region && Ec2.Instances.InstanceStates.Described(i, now));
    }

    /// <summary>The condition keys of an existing instance: its tags and attributes.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ResourceKeys(Instances.InstanceRecord instance)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ec2:InstanceType"] = [instance.InstanceType],
            ["ec2:AvailabilityZone"] = [instance.AvailabilityZone],
            ["ec2:Region"] = [instance.Region],
            ["ec2:Tenancy"] = ["default"],
            ["ec2:RootDeviceType"] = ["ebs"],
            ["ec2:InstanceID"] = [instance.InstanceId],
            ["ec2:InstanceProfile"] = instance.InstanceProfileArn is null ? [] : [instance.InstanceProfileArn],
        };
        foreach (var tag in instance.Tags)
        {
            keys["aws:ResourceTag/" + tag.Key] = [tag.Value];
            keys["ec2:ResourceTag/" + tag.Key] = [tag.Value];
        }
        return keys;
    }

    /// <summary>The caller's volumes in the request's region.</summary>
    public IEnumerable<VolumeRecord> VolumesOf(AwsRequestContext context) =>
        Volumes.Values.Where(v => v.Account == context.AccountId && v.Region == context.Region);

    /// <summary>Refuses an id that is not <c>vol-</c> and at least eight lowercase hex digits.</summary>
    public static void RequireVolumeId(string id)
    {
        if (!id.StartsWith("vol-", StringComparison.Ordinal) || id.Length < 12 || !id[4..].All(char.IsAsciiHexDigitLower))
            throw Ec2Errors.MalformedVolumeId(id);
    }

    /// <summary>The condition keys of an existing volume: its tags (under aws: and ec2:) and its attributes.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ResourceKeys(VolumeRecord volume)
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
}
