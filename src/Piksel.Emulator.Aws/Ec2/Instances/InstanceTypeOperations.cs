using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>DescribeInstanceTypes, DescribeInstanceTypeOfferings and DescribeSpotPriceHistory over <see cref="InstanceTypes"/>; all on <c>*</c>.</summary>
internal sealed class InstanceTypeOperations(InstanceCapacity capacity) : IOperationGroup
{
    private static readonly string[] TypeFilters =
    [
        "instance-type", "current-generation", "processor-info.supported-architecture", "vcpu-info.default-vcpus",
        "memory-info.size-in-mib", "supported-usage-class", "supported-virtualization-type", "supported-root-device-type",
        "hypervisor", "burstable-performance-supported", "bare-metal", "gpu-info.count",
    ];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("DescribeInstanceTypes", "ec2:DescribeInstanceTypes", DescribeInstanceTypes)
        .Add("DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypeOfferings", DescribeInstanceTypeOfferings)
        .Add("DescribeSpotPriceHistory", "ec2:DescribeSpotPriceHistory", DescribeSpotPriceHistory);

    private static OperationCall DescribeInstanceTypes(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var names = context.Query.List("InstanceType");
            var filters = KnownFilters(context.Query.Filters(), TypeFilters);
            var maxResults = MaxResults(context, 5, 100);
            context.Query.StopIfDryRun();
            foreach (var name in names.Where(n => InstanceTypes.Find(n) is null))
                throw Ec2Errors.InvalidParameterValue($"The following supplied instance types do not exist: [{name}]");
            var matching = InstanceTypes.All.Where(t => names.Count == 0 || names.Contains(t.Name))
                .Where(t => filters.All(f => Matches(t, f))).ToList();
            var (page, next) = Page(matching, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("instanceTypeSet", page, InstanceTypeXml.Write);
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    private OperationCall DescribeInstanceTypeOfferings(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var locationType = context.Query.Get("LocationType") ?? "region";
            if (locationType is not ("region" or "availability-zone" or "availability-zone-id"))
                throw Ec2Errors.InvalidParameterValue($"Value ({locationType}) for parameter locationType is invalid. Valid values: region, availability-zone, availability-zone-id.");
            var filters = KnownFilters(context.Query.Filters(), ["instance-type", "location"]);
            var maxResults = MaxResults(context, 5, 1000);
            context.Query.StopIfDryRun();
            var locations = locationType switch
            {
                "region" => [context.Region],
                "availability-zone" => Ec2Zones.Of(context.Region).Select(z => z.Name).ToList(),
                _ => Ec2Zones.Of(context.Region).Select(z => z.Id).ToList(),
            };
            var offerings = InstanceTypes.All.SelectMany(t => locations.Select(l => (Type: t.Name, Location: l)))
                .Where(o => filters.All(f => f.Name == "instance-type" ? f.MatchesAny(o.Type) : f.MatchesAny(o.Location))).ToList();
            var (page, next) = Page(offerings, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("instanceTypeOfferingSet", page, (x, o) =>
                {
                    x.WriteElementString("instanceType", o.Type);
                    x.WriteElementString("locationType", locationType);
                    x.WriteElementString("location", o.Location);
                });
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    /// <summary>One current price per type and zone (the emulator's prices do not move), for Linux/UNIX.</summary>
    private OperationCall DescribeSpotPriceHistory(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var types = context.Query.List("InstanceType");
            var descriptions = context.Query.List("ProductDescription");
            var zone = context.Query.Get("AvailabilityZone");
            var filters = KnownFilters(context.Query.Filters(), ["instance-type", "availability-zone", "product-description", "spot-price", "timestamp"]);
            var maxResults = MaxResults(context, 5, 1000);
            context.Query.StopIfDryRun();
            var now = context.Time.GetUtcNow();
            var zones = Ec2Zones.Of(context.Region);
            var prices = InstanceTypes.All.Where(t => types.Count == 0 || types.Contains(t.Name))
                .SelectMany(t => zones.Select((z, i) => (Type: t, Zone: z.Name, Price: t.SpotPrice(i))))
                .Where(p => zone is null || p.Zone == zone)
                .Where(p => capacity.Has(p.Type.Name, p.Zone, "spot"))
                .Where(_ => descriptions.Count == 0 || descriptions.Any(d => d.StartsWith("Linux/UNIX", StringComparison.Ordinal)))
                .Where(p => filters.All(f => f.Name switch
                {
                    "instance-type" => f.MatchesAny(p.Type.Name),
                    "availability-zone" => f.MatchesAny(p.Zone),
                    "product-description" => f.MatchesAny("Linux/UNIX"),
                    "spot-price" => f.MatchesAny(Price(p.Price)),
                    _ => true,
                })).ToList();
            var (page, next) = Page(prices, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("spotPriceHistorySet", page, (x, p) =>
                {
                    x.WriteElementString("instanceType", p.Type.Name);
                    x.WriteElementString("productDescription", "Linux/UNIX");
                    x.WriteElementString("spotPrice", Price(p.Price));
                    x.WriteElementString("timestamp", XmlValues.Timestamp(now));
                    x.WriteElementString("availabilityZone", p.Zone);
                });
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    private static string Price(decimal price) => price.ToString("0.000000", CultureInfo.InvariantCulture);

    private static int? MaxResults(AwsRequestContext context, int min, int max)
    {
        var value = context.Query.Int("MaxResults");
        if (value is { } n && (n < min || n > max))
            throw Ec2Errors.InvalidParameterValue($"Value ( {n.ToString(CultureInfo.InvariantCulture)} ) for parameter maxResults is invalid. Expecting a value between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    private static IReadOnlyList<Ec2Filter> KnownFilters(IReadOnlyList<Ec2Filter> filters, string[] known)
    {
        foreach (var filter in filters.Where(f => !known.Contains(f.Name)))
            throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
        return filters;
    }

    private static bool Matches(InstanceTypeInfo type, Ec2Filter filter) => filter.Name switch
    {
        "instance-type" => filter.MatchesAny(type.Name),
        "current-generation" => filter.MatchesAny("true"),
        "processor-info.supported-architecture" => filter.MatchesAny(type.Architecture),
        "vcpu-info.default-vcpus" => filter.MatchesAny(type.VCpus.ToString(CultureInfo.InvariantCulture)),
        "memory-info.size-in-mib" => filter.MatchesAny(type.MemoryMiB.ToString(CultureInfo.InvariantCulture)),
        "supported-usage-class" => type.UsageClasses.Any(filter.MatchesAny),
        "supported-virtualization-type" => filter.MatchesAny("hvm"),
        "supported-root-device-type" => filter.MatchesAny("ebs"),
        "hypervisor" => filter.MatchesAny(InstanceTypeInfo.Hypervisor),
        "burstable-performance-supported" => filter.MatchesAny(XmlValues.Bool(type.Burstable)),
        "bare-metal" => filter.MatchesAny("false"),
        "gpu-info.count" => filter.MatchesAny(type.Gpus.ToString(CultureInfo.InvariantCulture)),
        _ => false,
    };
}
