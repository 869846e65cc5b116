using System.Text.RegularExpressions;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// EC2 (ec2 protocol: form-encoded <c>Action</c>/<c>Version=2016-11-15</c>, XML answers): the region's availability
/// zones, EBS volumes with tags for real (durable), and empty answers for the resources of a cloud without VMs
/// (instances, subnets, security groups, network interfaces…). Every action is authorized with EC2's action names,
/// resources and condition keys, so least-privilege roles (EBS CSI driver, VPC CNI, Karpenter) are held to their
/// policies; denials are 403 <c>UnauthorizedOperation</c>. Any other action is authorized, then answered with
/// <c>InvalidAction</c> as EC2 answers actions it does not know.
/// </summary>
public sealed partial class Ec2Service : IAwsService
{
    private readonly Table<VolumeRecord> volumes;

    /// <summary>The service over the shared state.</summary>
    public Ec2Service(EmulatorState state) => volumes = state.Store.Table<VolumeRecord>("ec2.volumes");

    /// <inheritdoc />
    public string SigningName => "ec2";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Ec2;

    /// <inheritdoc />
    public string XmlNamespace => Ec2Response.Namespace;

    /// <inheritdoc />
    public string AccessDeniedCode => "UnauthorizedOperation";

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var action = context.Query.Action;
        if (string.IsNullOrEmpty(action)) throw Ec2Errors.MissingAction();
        Action<XmlWriter> answer = action switch
        {
            "DescribeAvailabilityZones" => DescribeAvailabilityZones(context),
            "DescribeRegions" => DescribeRegions(context),
            "DescribeInstances" => DescribeNothing(context, action, "reservationSet", "InstanceId"),
            "DescribeSubnets" => DescribeNothing(context, action, "subnetSet", "SubnetId"),
            "DescribeSecurityGroups" => DescribeNothing(context, action, "securityGroupInfo", "GroupId"),
            "DescribeNetworkInterfaces" => DescribeNothing(context, action, "networkInterfaceSet", "NetworkInterfaceId"),
            "DescribeInstanceTypes" => DescribeNothing(context, action, "instanceTypeSet", null),
            "DescribeImages" => DescribeNothing(context, action, "imagesSet", "ImageId"),
            "DescribeLaunchTemplates" => DescribeNothing(context, action, "launchTemplates", "LaunchTemplateId"),
            "DescribeSnapshots" => DescribeNothing(context, action, "snapshotSet", "SnapshotId"),
            "DescribeVpcs" => DescribeNothing(context, action, "vpcSet", "VpcId"),
            "DescribeTags" => DescribeTags(context),
            "CreateVolume" => CreateVolume(context),
            "DescribeVolumes" => DescribeVolumes(context),
            "DeleteVolume" => DeleteVolume(context),
            "CreateTags" => CreateTags(context),
            "DeleteTags" => DeleteTags(context),
            _ => Unknown(context, action),
        };
        return Ec2Response.WriteAsync(context.Http, action, context.RequestId, answer);
    }

    /// <summary>
    /// Authorizes <paramref name="action"/> on <paramref name="resource"/>; a denial is EC2's UnauthorizedOperation with
    /// IAM's sentence after "You are not authorized to perform this operation."
    /// </summary>
    private static void Authorize(AwsRequestContext context, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null)
    {
        var result = context.Check(action, resource, contextKeys: keys);
        if (!result.Allowed) throw Ec2Errors.Unauthorized(result.Message, context.RequestId);
    }

    // EC2 authorizes the actions it does not implement too (a denied caller learns nothing), then refuses them.
    private static Action<XmlWriter> Unknown(AwsRequestContext context, string action)
    {
        if (!WellFormedAction().IsMatch(action)) throw Ec2Errors.InvalidAction(action);
        Authorize(context, "ec2:" + action, "*");
        throw Ec2Errors.InvalidAction(action);
    }

    /// <summary><c>use1</c> for us-east-1, <c>apse2</c> for ap-southeast-2: the prefix of the region's zone ids.</summary>
    internal static string ZoneIdPrefix(string region)
    {
        var parts = region.Split('-');
        if (parts.Length < 3) return region.Replace("-", "", StringComparison.Ordinal);
        var direction = parts[^2] switch
        {
            "northeast" => "ne",
            "northwest" => "nw",
            "southeast" => "se",
            "southwest" => "sw",
            var word => word[..1],
        };
        return string.Concat(parts[..^2]) + direction + parts[^1];
    }

    /// <summary>The region's three zones, <c>&lt;region&gt;a</c> to <c>&lt;region&gt;c</c>.</summary>
    internal static IReadOnlyList<(string Name, string Id)> Zones(string region) =>
        [.. "abc".Select((letter, i) => ($"{region}{letter}", $"{ZoneIdPrefix(region)}-az{i + 1}"))];

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,127}$")]
    private static partial Regex WellFormedAction();
}
