using System.Globalization;
using Piksel.Emulator.Aws.Ec2.Network;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Resolves launches (template, subnet, groups, image, type, profile) and makes their instances: an address from the
/// subnet, the root and mapped EBS volumes attached, the tags given for each resource type. Shared by RunInstances and
/// CreateFleet.
/// </summary>
internal sealed class InstanceLauncher(Ec2Store store, NetworkStore network, LaunchTemplateOperations templates, IInstanceProfiles profiles,
    InstanceCapacity capacity, InstanceLifecycle lifecycle, VolumeKeys keys)
{
    /// <summary>The capacity of each offering.</summary>
    public InstanceCapacity Capacity => capacity;

    /// <summary>The template named by <c>{prefix}LaunchTemplateId</c>/<c>Name</c>, with the version asked for, or nulls.</summary>
    public (LaunchTemplateRecord? Template, string? Version, LaunchData Data) Template(AwsRequestContext context, string prefix)
    {
        var id = context.Query.Get(prefix + "LaunchTemplateId");
        var name = context.Query.Get(prefix + "LaunchTemplateName");
        if (id is null && name is null) return (null, null, new LaunchData());
        var template = templates.Named(context, id, name);
        var version = context.Query.Get(prefix + "Version");
        return (template, version, LaunchTemplateOperations.Version(template, version));
    }

    /// <summary>Resolves <paramref name="data"/> into a plan; a missing or unknown part is EC2's error.</summary>
    public LaunchPlan Resolve(AwsRequestContext context, LaunchData data, LaunchTemplateRecord? template, string? version)
    {
        var imageId = data.ImageId ?? throw Ec2Errors.MissingParameter("ImageId");
        var typeName = data.InstanceType ?? throw Ec2Errors.MissingParameter("InstanceType");
        var type = InstanceTypes.Find(typeName) ?? throw Ec2Errors.InvalidParameterValue($"Invalid value '{typeName}' for InstanceType.");
        // The emulator's accounts have no default VPC, so a launch must name its subnet.
        var subnetId = data.SubnetId ?? throw new AwsServiceException("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.");
        var subnet = network.Subnet(context, subnetId);
        if (data.AvailabilityZone is { } zone && zone != subnet.AvailabilityZone)
            throw Ec2Errors.InvalidParameterValue($"Value ({zone}) for parameter availabilityZone is invalid. Subnet '{subnet.Id}' is in the availability zone {subnet.AvailabilityZone}");
        var groups = data.SecurityGroupIds.Distinct(StringComparer.Ordinal).Select(id => network.SecurityGroup(context, id)).ToList();
        if (groups.FirstOrDefault(g => g.VpcId != subnet.VpcId) is { } stranger)
            throw Ec2Errors.InvalidParameter($"Security group {stranger.Id} and subnet {subnet.Id} belong to different networks.");
        var image = ImageOperations.Find(imageId);
        if (image.Architecture != type.Architecture)
            throw Ec2Errors.InvalidParameterValue($"The architecture '{type.Architecture}' of the specified instance type does not match the architecture '{image.Architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.");
        InstanceProfileView? profile = null;
        if ((data.InstanceProfileArn ?? data.InstanceProfileName) is { } named)
        {
            profile = profiles.Find(context.AccountId, named)
                ?? throw Ec2Errors.InvalidParameterValue(data.InstanceProfileArn is not null
                    ? $"Value ({named}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN"
                    : $"Value ({named}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
        }
        foreach (var device in data.BlockDevices)
        {
            if (device.VolumeType is { } vt && vt is not ("gp2" or "gp3" or "io1" or "io2" or "st1" or "sc1" or "standard"))
                throw Ec2Errors.InvalidParameterValue($"Value ({vt}) for parameter volumeType is invalid.");
            if (device.VolumeSize is < 1 or > 65536)
                throw Ec2Errors.InvalidParameterValue($"Value ({device.VolumeSize}) for parameter volumeSize is invalid.");
        }
        return new LaunchPlan(data, template, version, subnet, groups, image, type, profile);
    }

    /// <summary>
    /// Launches <paramref name="count"/> instances of <paramref name="plan"/> as one reservation after checking the
    /// offering's capacity and the volumes' KMS keys.
    /// </summary>
    public IReadOnlyList<InstanceRecord> Launch(AwsRequestContext context, LaunchPlan plan, int count, string capacityType, string reservationId,
        string? clientToken, string? fleetId)
    {
        if (!capacity.Has(plan.Type.Name, plan.Subnet.AvailabilityZone, capacityType))
            throw InsufficientCapacity(plan);
        var devices = LaunchAuthorization.Devices(plan).ToList();
        var keyArns = devices.Select(d => d.KmsKeyId).OfType<string>().Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k, k => keys.Require(context, k), StringComparer.Ordinal);

        var now = context.Time.GetUtcNow();
        var launched = new List<InstanceRecord>();
        for (var i = 0; i < count; i++)
        {
            var instance = new InstanceRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                InstanceId = NetworkStore.NewId("i"),
                ReservationId = reservationId,
                InstanceType = plan.Type.Name,
                ImageId = plan.Image.ImageId,
                Architecture = plan.Image.Architecture,
                SubnetId = plan.Subnet.Id,
                VpcId = plan.Subnet.VpcId,
                AvailabilityZone = plan.Subnet.AvailabilityZone,
                PrivateIpAddress = PrivateIp(context, plan.Subnet),
                SecurityGroupIds = [.. plan.Groups.Select(g => g.Id)],
                InstanceProfileArn = plan.Profile?.Arn,
                CapacityType = capacityType,
                LaunchTemplateId = plan.Template?.LaunchTemplateId,
                LaunchTemplateVersion = plan.Template is null ? null : plan.TemplateVersion ?? "$Default",
                FleetId = fleetId,
                UserData = plan.Data.UserData,
                HttpTokens = plan.Data.HttpTokens ?? "optional",
                HttpPutResponseHopLimit = plan.Data.HttpPutResponseHopLimit ?? 1,
                LaunchTime = now,
                Tags = [.. plan.TagsFor("instance"), .. SystemTags(plan, fleetId)],
                ClientToken = clientToken,
                LaunchIndex = i,
            };
            store.Instances.Put(Ec2Store.Row(instance.Account, instance.Region, instance.InstanceId), instance);
            foreach (var device in devices) CreateVolume(context, plan, instance, device, device.KmsKeyId is null ? null : keyArns[device.KmsKeyId], now);
            launched.Add(instance);
            lifecycle.Launched(instance);
        }
        return launched;
    }

    /// <summary>The <c>aws:</c> tags EC2 itself puts on an instance launched from a launch template or by a fleet.</summary>
    private static IEnumerable<Ec2Tag> SystemTags(LaunchPlan plan, string? fleetId)
    {
        if (plan.Template is { } template) yield return new Ec2Tag("aws:ec2launchtemplate:id", template.LaunchTemplateId);
        if (fleetId is not null) yield return new Ec2Tag("aws:ec2:fleet-id", fleetId);
    }

    /// <summary>AWS's answer when an offering has no capacity now.</summary>
    public static AwsServiceException InsufficientCapacity(LaunchPlan plan) => new("InsufficientInstanceCapacity",
        $"We currently do not have sufficient {plan.Type.Name} capacity in the Availability Zone you requested ({plan.Subnet.AvailabilityZone}). Our system will be working on provisioning additional capacity. You can currently get {plan.Type.Name} capacity by not specifying an Availability Zone in your request or choosing a different Availability Zone.",
        System.Net.HttpStatusCode.InternalServerError);

    private void CreateVolume(AwsRequestContext context, LaunchPlan plan, InstanceRecord instance, BlockDevice device, string? keyArn, DateTimeOffset now)
    {
        var type = device.VolumeType ?? "gp3";
        var size = device.VolumeSize ?? 20;
        var volume = new VolumeRecord
        {
            Account = context.AccountId,
            Region = context.Region,
            VolumeId = NetworkStore.NewId("vol"),
            AvailabilityZone = instance.AvailabilityZone,
            Size = size,
            VolumeType = type,
            Iops = device.Iops ?? type switch { "gp3" => 3000, "gp2" => Math.Clamp(3 * size, 100, 16000), _ => null },
            Throughput = device.Throughput ?? (type == "gp3" ? 125 : null),
            Encrypted = device.Encrypted == true || device.KmsKeyId is not null,
            KmsKeyId = keyArn,
            SnapshotId = device.DeviceName == Eks.EksOptimizedAmi.RootDeviceName ? plan.Image.SnapshotId : null,
            CreateTime = now,
            Tags = plan.TagsFor("volume"),
            // Launched volumes are attached from the start; the root goes with the instance unless told otherwise.
            Attachment = new VolumeAttachment(instance.InstanceId, device.DeviceName, now - InstanceStates.AttachTransition, device.DeleteOnTermination ?? true),
        };
        store.Volumes.Put(Ec2Store.Row(volume), volume);
    }

    /// <summary>The first address after AWS's reserved four that no live instance or NAT gateway of the subnet holds.</summary>
    private string PrivateIp(AwsRequestContext context, SubnetRecord subnet)
    {
        var now = context.Time.GetUtcNow();
        var used = store.Instances.Values.Where(i => i.Account == subnet.Account && i.Region == subnet.Region && i.SubnetId == subnet.Id && InstanceStates.Alive(i, now))
            .Select(i => i.PrivateIpAddress)
            .Concat(NetworkStore.Mine(network.NatGateways, context).Where(n => n.SubnetId == subnet.Id && NatGatewayStates.Holds(n, now)).Select(n => n.PrivateIp))
            .ToHashSet(StringComparer.Ordinal);
        var cidr = Cidr.Parse(subnet.CidrBlock)!.Value;
        for (var offset = 4L; offset < cidr.Size - 1; offset++)
        {
            var ip = new Cidr((uint)(cidr.Network + offset), 32).ToString()[..^3];
            if (!used.Contains(ip)) return ip;
        }
        throw new AwsServiceException("InsufficientFreeAddressesInSubnet",
            $"There are not enough free addresses in subnet '{subnet.Id}' to satisfy the requested number of instances.");
    }

    /// <summary>A count parameter, 1 or more.</summary>
    public static int Count(AwsRequestContext context, string name)
    {
        var value = context.Query.Int(name) ?? throw Ec2Errors.MissingParameter(name);
        if (value < 1) throw Ec2Errors.InvalidParameterValue($"Value ({value.ToString(CultureInfo.InvariantCulture)}) for parameter {name} is invalid. Expected a positive integer.");
        return value;
    }
}
