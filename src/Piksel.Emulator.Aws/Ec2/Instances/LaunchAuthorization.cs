using System.Globalization;
using Piksel.Emulator.Aws.Ec2.Network;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// What a launch is authorized on, as EC2 authorizes RunInstances: the new instance, volumes and network interface
/// (each with the request tags given for its own resource type, so a policy requiring a tag holds for every one of
/// them), the subnet and security groups (with their tags), the launch template (with its tags and its instance's request
/// tags), the image, tagging on create under
/// <c>ec2:CreateAction</c>, and iam:PassRole of the profile's role to ec2.amazonaws.com.
/// </summary>
internal static class LaunchAuthorization
{
    /// <summary>Every demand of <paramref name="plan"/> for <paramref name="action"/>; tagging names <paramref name="createAction"/>.</summary>
    public static IEnumerable<(string Action, Access Access)> Demands(AwsRequestContext context, LaunchPlan plan, string action, string createAction)
    {
        string Arn(string type, string id) => $"arn:aws:ec2:{context.Region}:{context.AccountId}:{type}/{id}";
        var zone = plan.Subnet.AvailabilityZone;
        Dictionary<string, IReadOnlyList<string>> Created(string type, Dictionary<string, IReadOnlyList<string>> extra)
        {
            var keys = Ec2Tags.RequestKeys(plan.TagsFor(type));
            foreach (var (key, value) in extra) keys[key] = value;
            keys["ec2:Region"] = [context.Region];
            return keys;
        }

        yield return (action, new Access(Arn("instance", "*"))
        {
            ContextKeys = Created("instance", new(StringComparer.OrdinalIgnoreCase)
            {
                ["ec2:InstanceType"] = [plan.Type.Name],
                ["ec2:AvailabilityZone"] = [zone],
                ["ec2:Tenancy"] = ["default"],
                ["ec2:RootDeviceType"] = ["ebs"],
                ["ec2:MetadataHttpTokens"] = [plan.Data.HttpTokens ?? "optional"],
                ["ec2:InstanceProfile"] = plan.Profile is null ? [] : [plan.Profile.Arn],
            }),
        });
        foreach (var device in Devices(plan))
        {
            yield return (action, new Access(Arn("volume", "*"))
            {
                ContextKeys = Created("volume", new(StringComparer.OrdinalIgnoreCase)
                {
                    ["ec2:AvailabilityZone"] = [zone],
                    ["ec2:VolumeType"] = [device.VolumeType ?? "gp3"],
                    ["ec2:VolumeSize"] = [(device.VolumeSize ?? 20).ToString(CultureInfo.InvariantCulture)],
                    ["ec2:Encrypted"] = [device.Encrypted == true || device.KmsKeyId is not null ? "true" : "false"],
                }),
            });
        }

        yield return (action, new Access(Arn("network-interface", "*"))
        {
            ContextKeys = Created("network-interface", new(StringComparer.OrdinalIgnoreCase)
            {
                ["ec2:Subnet"] = [Arn("subnet", plan.Subnet.Id)],
                ["ec2:Vpc"] = [Arn("vpc", plan.Subnet.VpcId)],
                ["ec2:AvailabilityZone"] = [zone],
            }),
        });
        yield return (action, new Access(Arn("subnet", plan.Subnet.Id)) { ContextKeys = Existing(context, NetworkStore.ResourceKeys(plan.Subnet), zone) });
        foreach (var group in plan.Groups)
            yield return (action, new Access(Arn("security-group", group.Id)) { ContextKeys = Existing(context, NetworkStore.ResourceKeys(group), null) });
        yield return (action, new Access(ImageOperations.Arn(context.Region, plan.Image.ImageId))
        {
            ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["ec2:Owner"] = ["amazon"],
                ["ec2:Public"] = ["true"],
                ["ec2:ImageType"] = ["machine"],
                ["ec2:RootDeviceType"] = ["ebs"],
                ["ec2:Region"] = [context.Region],
            },
        });
        if (plan.Template is { } template)
        {
            // The template is launched from, not tagged: the request tags it is checked with are those of what it launches
            // (its instance's), beside its own resource tags.
            var keys = Existing(context, LaunchTemplateOperations.ResourceKeys(template), null);
            foreach (var (key, value) in Ec2Tags.RequestKeys(plan.TagsFor("instance"))) keys[key] = value;
            yield return (action, new Access(template.Arn) { ContextKeys = keys });
        }

        foreach (var type in new[] { "instance", "volume", "network-interface" })
        {
            var tags = plan.TagsFor(type);
            if (tags.Count == 0 || type == "volume" && !Devices(plan).Any()) continue;
            var keys = Ec2Tags.RequestKeys(tags);
            keys["ec2:CreateAction"] = [createAction];
            yield return ("ec2:CreateTags", new Access(Arn(type, "*")) { ContextKeys = keys });
        }
        if (plan.Profile?.RoleArn is { } role)
        {
            yield return ("iam:PassRole", new Access(role)
            {
                ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["iam:PassedToService"] = ["ec2.amazonaws.com"] },
            });
        }
    }

    /// <summary>The EBS devices the launch creates: the image's root (resized by a mapping of its device) and any others mapped.</summary>
    public static IEnumerable<BlockDevice> Devices(LaunchPlan plan)
    {
        var root = Eks.EksOptimizedAmi.RootDeviceName;
        var mapped = plan.Data.BlockDevices;
        return mapped.Any(d => d.DeviceName == root) ? mapped : [new BlockDevice(root, null, null, null, null, null, null, null), .. mapped];
    }

    private static Dictionary<string, IReadOnlyList<string>> Existing(AwsRequestContext context, Dictionary<string, IReadOnlyList<string>> keys, string? zone)
    {
        keys["ec2:Region"] = [context.Region];
        if (zone is not null) keys["ec2:AvailabilityZone"] = [zone];
        return keys;
    }
}
