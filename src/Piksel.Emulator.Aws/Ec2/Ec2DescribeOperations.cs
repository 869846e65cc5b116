using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>Zones, regions, and the resources the emulator has none of (network interfaces, snapshots). Each is authorized on <c>*</c>, as EC2's describes are.</summary>
internal sealed class Ec2DescribeOperations : IOperationGroup
{
    private static readonly string[] KnownRegions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
        "ap-southeast-2", "sa-east-1",
    ];

    /// <summary>The describes that always answer an empty set: the action, the set's element, and the id parameter that names one.</summary>
    private static readonly (string Action, string SetName, string? IdParameter)[] Nothing =
    [
        ("DescribeNetworkInterfaces", "networkInterfaceSet", "NetworkInterfaceId"),
        ("DescribeSnapshots", "snapshotSet", "SnapshotId"),
    ];

    /// <inheritdoc />
    public void Register(OperationTable table)
    {
        table
            .Add("DescribeAvailabilityZones", "ec2:DescribeAvailabilityZones", DescribeAvailabilityZones)
            .Add("DescribeRegions", "ec2:DescribeRegions", DescribeRegions);
        foreach (var (action, setName, idParameter) in Nothing)
            table.Add(action, "ec2:" + action, context => DescribeNothing(context, setName, idParameter));
    }

    private static OperationCall DescribeAvailabilityZones(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var names = context.Query.List("ZoneName");
            var ids = context.Query.List("ZoneId");
            var filters = context.Query.Filters();
            var all = Ec2Zones.Of(context.Region);
            var zones = all
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
            foreach (var name in names.Where(n => all.All(z => z.Name != n)))
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
        });

    private static OperationCall DescribeRegions(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var names = context.Query.List("RegionName");
            var regions = KnownRegions.Append(context.Region).Distinct(StringComparer.Ordinal)
                .Where(r => names.Count == 0 || names.Contains(r)).Order(StringComparer.Ordinal).ToList();
            return xml => xml.WriteSet("regionInfo", regions, (x, r) =>
            {
                x.WriteElementString("regionName", r);
                x.WriteElementString("regionEndpoint", $"ec2.{r}.amazonaws.com");
                x.WriteElementString("optInStatus", "opt-in-not-required");
            });
        });

    /// <summary>
    /// An empty set for a resource the emulator never has. Asking for one by id answers that resource's NotFound, as
    /// EC2 does; filters simply match nothing.
    /// </summary>
    private static OperationCall DescribeNothing(AwsRequestContext context, string setName, string? idParameter) =>
        Answer(context, Access.Any, () =>
        {
            if (idParameter is not null && context.Query.List(idParameter) is [var first, ..])
                throw Ec2Errors.NotFound(idParameter, first);
            return xml =>
            {
                xml.WriteStartElement(setName);
                xml.WriteEndElement();
            };
        });
}
