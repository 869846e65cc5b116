using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Ec2.Network;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// CreateFleet of type <c>instant</c>, as Karpenter launches: every (launch template × override) is an offering; the
/// cheapest offerings of the target capacity type are tried first (lowest price, the one allocation the emulator
/// models), an offering without capacity is an error item (InsufficientInstanceCapacity) and the next is tried, until
/// the target capacity is met. The fleet is authorized with <c>ec2:CreateFleet</c> on the fleet, the launch templates
/// and every resource its offerings would create or use (Karpenter's policy grants the action there).
/// </summary>
internal sealed class FleetOperations(InstanceLauncher launcher) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table.Add("CreateFleet", "ec2:CreateFleet", CreateFleet);

    private OperationCall CreateFleet(AwsRequestContext context)
    {
        var query = context.Query;
        var type = query.Get("Type") ?? "maintain";
        if (type != "instant")
            throw new AwsServiceException("Unsupported", $"The emulator launches fleets of type 'instant' only, not '{type}'.");
        var total = query.Int("TargetCapacitySpecification.TotalTargetCapacity") ?? throw Ec2Errors.MissingParameter("TargetCapacitySpecification.TotalTargetCapacity");
        if (total < 1) throw Ec2Errors.InvalidParameterValue("TotalTargetCapacity must be at least 1.");
        var capacityType = query.Get("TargetCapacitySpecification.DefaultTargetCapacityType") ?? "on-demand";
        if (capacityType is not ("spot" or "on-demand"))
            throw Ec2Errors.InvalidParameterValue($"Value ({capacityType}) for parameter DefaultTargetCapacityType is invalid. Valid values: spot, on-demand.");
        var fleetTags = FleetTags(query);
        var offerings = Offerings(context, fleetTags.Instance).ToList();
        if (offerings.Count == 0) throw Ec2Errors.MissingParameter("LaunchTemplateConfigs");
        var fleetId = "fleet-" + Guid.NewGuid().ToString("D");

        var fleetKeys = Ec2Tags.RequestKeys(fleetTags.Fleet);
        var call = Answer(context, new Access($"arn:aws:ec2:{context.Region}:{context.AccountId}:fleet/*") { ContextKeys = fleetKeys },
            () => Launch(context, fleetId, offerings, total, capacityType));
        var seen = new HashSet<(string, string)>();
        foreach (var offering in offerings)
        {
            foreach (var (action, access) in LaunchAuthorization.Demands(context, offering.Plan, "ec2:CreateFleet", "CreateFleet"))
            {
                if (seen.Add((action, access.Resource + "|" + string.Join(",", access.ContextKeys?.Select(k => k.Key + "=" + string.Join("/", k.Value)) ?? []))))
                    call.AndAlso(action, access);
            }
        }

        if (fleetTags.Fleet.Count > 0)
        {
            var keys = Ec2Tags.RequestKeys(fleetTags.Fleet);
            keys["ec2:CreateAction"] = ["CreateFleet"];
            call.AndAlso("ec2:CreateTags", new Access($"arn:aws:ec2:{context.Region}:{context.AccountId}:fleet/*") { ContextKeys = keys });
        }
        return call;
    }

    private Action<XmlWriter> Launch(AwsRequestContext context, string fleetId, List<Offering> offerings, int total, string capacityType)
    {
        context.Query.StopIfDryRun();
        var token = context.Query.Get("ClientToken");
        var zones = Ec2Zones.Of(context.Region).Select(z => z.Name).ToList();
        decimal Price(Offering o) => capacityType == "spot" ? o.Plan.Type.SpotPrice(Math.Max(0, zones.IndexOf(o.Plan.Subnet.AvailabilityZone))) : o.Plan.Type.OnDemandPrice;
        var prioritized = context.Query.Get("OnDemandOptions.AllocationStrategy") == "prioritized" && capacityType == "on-demand";
        var ordered = prioritized
            ? offerings.OrderBy(o => o.Priority ?? double.MaxValue).ThenBy(o => o.Index).ToList()
            : offerings.OrderBy(Price).ThenBy(o => o.Index).ToList();

        var launched = new List<(Offering Offering, IReadOnlyList<InstanceRecord> Instances)>();
        var errors = new List<(Offering Offering, string Code, string Message)>();
        var remaining = total;
        foreach (var offering in ordered)
        {
            if (remaining == 0) break;
            try
            {
                var instances = launcher.Launch(context, offering.Plan, remaining, capacityType, NetworkStore.NewId("r"), token, fleetId);
                launched.Add((offering, instances));
                remaining -= instances.Count;
            }
            catch (AwsServiceException error) when (error.Code is "InsufficientInstanceCapacity" or "InsufficientFreeAddressesInSubnet")
            {
                errors.Add((offering, error.Code, error.Message));
            }
        }
        return xml =>
        {
            xml.WriteElementString("fleetId", fleetId);
            xml.WriteSet("errorSet", errors, (x, e) =>
            {
                WriteOffering(x, e.Offering);
                x.WriteElementString("lifecycle", capacityType);
                x.WriteElementString("errorCode", e.Code);
                x.WriteElementString("errorMessage", e.Message);
            });
            xml.WriteSet("fleetInstanceSet", launched, (x, l) =>
            {
                WriteOffering(x, l.Offering);
                x.WriteElementString("lifecycle", capacityType);
                x.WriteSet("instanceIds", l.Instances, (y, i) => y.WriteString(i.InstanceId));
                x.WriteElementString("instanceType", l.Offering.Plan.Type.Name);
            });
        };
    }

    /// <summary>Every override of every launch template config, resolved (a config without overrides is one offering).</summary>
    private IEnumerable<Offering> Offerings(AwsRequestContext context, IReadOnlyList<Ec2Tag> instanceTags)
    {
        var index = 0;
        for (var c = 1; ; c++)
        {
            var head = $"LaunchTemplateConfigs.{c.ToString(CultureInfo.InvariantCulture)}.";
            var (template, version, data) = launcher.Template(context, head + "LaunchTemplateSpecification.");
            if (template is null) yield break;
            // Tags the fleet gives its instances join the template's.
            if (instanceTags.Count > 0) data = data with { TagSpecifications = [.. data.TagSpecifications, new TypedTags("instance", instanceTags)] };
            var overrides = new List<LaunchData>();
            for (var o = 1; ; o++)
            {
                var prefix = $"{head}Overrides.{o.ToString(CultureInfo.InvariantCulture)}.";
                var item = new LaunchData
                {
                    InstanceType = context.Query.Get(prefix + "InstanceType"),
                    SubnetId = context.Query.Get(prefix + "SubnetId"),
                    AvailabilityZone = context.Query.Get(prefix + "AvailabilityZone"),
                    ImageId = context.Query.Get(prefix + "ImageId"),
                };
                if (item.InstanceType is null && item.SubnetId is null && item.AvailabilityZone is null && item.ImageId is null) break;
                var priority = context.Query.Get(prefix + "Priority") is { } p && double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;
                yield return new Offering(launcher.Resolve(context, LaunchDataReader.Merge(data, item), template, version), template, version, item, priority, index++);
                overrides.Add(item);
            }
            if (overrides.Count == 0) yield return new Offering(launcher.Resolve(context, data, template, version), template, version, new LaunchData(), null, index++);
        }
    }

    /// <summary>Top-level TagSpecification.N: <c>fleet</c> tags the fleet, <c>instance</c> its instances.</summary>
    private static (IReadOnlyList<Ec2Tag> Fleet, IReadOnlyList<Ec2Tag> Instance) FleetTags(QueryParameters query)
    {
        var fleet = new List<Ec2Tag>();
        var instance = new List<Ec2Tag>();
        for (var i = 1; ; i++)
        {
            var head = $"TagSpecification.{i.ToString(CultureInfo.InvariantCulture)}";
            var type = query.Get(head + ".ResourceType");
            var tags = query.Tags(head + ".Tag");
            if (type is null && tags.Count == 0) return (fleet, instance);
            Ec2Tags.Validate(tags);
            (type switch
            {
                "fleet" => fleet,
                "instance" => instance,
                _ => throw Ec2Errors.InvalidParameterValue($"'{type}' is not a valid taggable resource type for this operation."),
            }).AddRange(tags);
        }
    }

    private static void WriteOffering(XmlWriter xml, Offering offering)
    {
        xml.WriteStartElement("launchTemplateAndOverrides");
        xml.WriteStartElement("launchTemplateSpecification");
        xml.WriteElementString("launchTemplateId", offering.Template.LaunchTemplateId);
        xml.WriteElementString("launchTemplateName", offering.Template.LaunchTemplateName);
        xml.WriteElementString("version", offering.Version ?? offering.Template.DefaultVersion.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("overrides");
        xml.WriteElementString("instanceType", offering.Plan.Type.Name);
        xml.WriteElementString("subnetId", offering.Plan.Subnet.Id);
        xml.WriteElementString("availabilityZone", offering.Plan.Subnet.AvailabilityZone);
        if (offering.Priority is { } priority) xml.WriteElementString("priority", priority.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>One launch template config with one of its overrides.</summary>
    private sealed record Offering(LaunchPlan Plan, LaunchTemplateRecord Template, string? Version, LaunchData Override, double? Priority, int Index);
}
