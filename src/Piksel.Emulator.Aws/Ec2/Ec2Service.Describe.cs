using System.Xml;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>Zones, regions, and the resources a cloud without VMs has none of.</summary>
public sealed partial class Ec2Service
{
    private static readonly string[] KnownRegions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
        "ap-southeast-2", "sa-east-1",
    ];

    private static Action<XmlWriter> DescribeAvailabilityZones(AwsRequestContext context)
    {
        Authorize(context, "ec2:DescribeAvailabilityZones", "*");
        var names = context.Query.List("ZoneName");
        var ids = context.Query.List("ZoneId");
        var filters = context.Query.Filters();
        var zones = Zones(context.Region)
            .Where(z => names.Count == 0 || names.Contains(z.Name))
            .Where(z => ids.Count == 0 || ids.Contains(z.Id))
            .Where(z => filters.All(f => f.Name switch
            {
                "zone-name" => f.MatchesAny(z.Name),
                "zone-id" => f.MatchesAny(z.Id),
                "region-name" => f.MatchesAny(context.Region),
                "state" => f.MatchesAny("available"),
                "zone-type" => f.MatchesAny("availability-zone"),
                _ => true,
            }))
            .ToList();
        foreach (var name in names.Where(n => Zones(context.Region).All(z => z.Name != n)))
            throw Ec2Errors.InvalidParameterValue($"The zone '{name}' does not exist.");
        return xml => xml.WriteSet("availabilityZoneInfo", zones, (x, z) =>
        {
            x.WriteElementString("zoneName", z.Name);
            x.WriteElementString("zoneState", "available");
            x.WriteElementString("regionName", context.Region);
            x.WriteStartElement("messageSet");
            x.WriteEndElement();
            x.WriteElementString("optInStatus", "opt-in-not-required");
            x.WriteElementString("zoneId", z.Id);
            x.WriteElementString("groupName", context.Region);
            x.WriteElementString("networkBorderGroup", context.Region);
            x.WriteElementString("zoneType", "availability-zone");
        });
    }

    private static Action<XmlWriter> DescribeRegions(AwsRequestContext context)
    {
        Authorize(context, "ec2:DescribeRegions", "*");
        var names = context.Query.List("RegionName");
        var regions = KnownRegions.Append(context.Region).Distinct(StringComparer.Ordinal)
            .Where(r => names.Count == 0 || names.Contains(r)).Order(StringComparer.Ordinal).ToList();
        return xml => xml.WriteSet("regionInfo", regions, (x, r) =>
        {
            x.WriteElementString("regionName", r);
            x.WriteElementString("regionEndpoint", $"ec2.{r}.amazonaws.com");
            x.WriteElementString("optInStatus", "opt-in-not-required");
        });
    }

    /// <summary>
    /// An empty set for a resource the emulator never has. Asking for one by id answers that resource's NotFound, as
    /// EC2 does; filters simply match nothing.
    /// </summary>
    private static Action<XmlWriter> DescribeNothing(AwsRequestContext context, string action, string setName, string? idParameter)
    {
        Authorize(context, "ec2:" + action, "*");
        if (idParameter is not null && context.Query.List(idParameter) is [var first, ..])
            throw NotFound(idParameter, first);
        return xml =>
        {
            xml.WriteStartElement(setName);
            xml.WriteEndElement();
        };
    }

    private static Protocol.AwsServiceException NotFound(string idParameter, string id) => idParameter switch
    {
        "InstanceId" => Ec2Errors.InstanceNotFound(id),
        "SnapshotId" => Ec2Errors.SnapshotNotFound(id),
        "SubnetId" => new("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist"),
        "GroupId" => new("InvalidGroup.NotFound", $"The security group '{id}' does not exist"),
        "NetworkInterfaceId" => new("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{id}' does not exist"),
        "ImageId" => new("InvalidAMIID.NotFound", $"The image id '[{id}]' does not exist"),
        "LaunchTemplateId" => new("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist."),
        "VpcId" => new("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist"),
        _ => Ec2Errors.InvalidId(id),
    };
}
