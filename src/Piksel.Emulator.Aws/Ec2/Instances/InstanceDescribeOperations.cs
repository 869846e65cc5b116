using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>DescribeInstances (as reservations) and DescribeInstanceStatus, on <c>*</c> as EC2's describes are.</summary>
internal sealed class InstanceDescribeOperations(Ec2Store store) : IOperationGroup
{
    private static readonly string[] InstanceFilters =
    [
        "instance-id", "tag-key", "tag-value", "instance-state-name", "instance-state-code", "instance-type", "availability-zone",
        "subnet-id", "vpc-id", "private-ip-address", "private-dns-name", "image-id", "reservation-id", "instance-lifecycle",
        "iam-instance-profile.arn", "network-interface.subnet-id",
    ];

    private static readonly string[] StatusElements = ["systemStatus", "instanceStatus"];

    private static readonly string[] StatusFilters = ["instance-id", "availability-zone", "instance-state-name", "instance-state-code"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("DescribeInstances", "ec2:DescribeInstances", DescribeInstances)
        .Add("DescribeInstanceStatus", "ec2:DescribeInstanceStatus", DescribeInstanceStatus);

    private OperationCall DescribeInstances(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var (ids, filters, maxResults) = Read(context, InstanceFilters);
            var now = context.Time.GetUtcNow();
            var matching = Select(context, ids, filters, now).ToList();
            // Pages hold whole reservations, as EC2's do.
            var reservations = matching.GroupBy(i => i.ReservationId, StringComparer.Ordinal).ToList();
            var (page, next) = Page(reservations, maxResults, context.Query.Get("NextToken"));
            var volumes = store.VolumesOf(context).ToList();
            return xml =>
            {
                InstanceXml.WriteReservations(xml, page.SelectMany(r => r), volumes, now);
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    /// <summary>Running instances only, unless <c>IncludeAllInstances</c>; every check passes (there is no hardware to fail).</summary>
    private OperationCall DescribeInstanceStatus(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var (ids, filters, maxResults) = Read(context, StatusFilters);
            var all = context.Query.Bool("IncludeAllInstances") ?? false;
            var now = context.Time.GetUtcNow();
            var matching = Select(context, ids, filters, now).Where(i => all || InstanceStates.Of(i, now) == "running").ToList();
            var (page, next) = Page(matching, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("instanceStatusSet", page, (x, i) =>
                {
                    var state = InstanceStates.Of(i, now);
                    x.WriteElementString("instanceId", i.InstanceId);
                    x.WriteElementString("availabilityZone", i.AvailabilityZone);
                    InstanceXml.WriteState(x, "instanceState", state);
                    var status = state == "running" ? "ok" : "not-applicable";
                    foreach (var element in StatusElements)
                    {
                        x.WriteStartElement(element);
                        x.WriteElementString("status", status);
                        x.WriteSet("details", state == "running" ? ["reachability"] : Array.Empty<string>(), (y, d) =>
                        {
                            y.WriteElementString("name", d);
                            y.WriteElementString("status", "passed");
                        });
                        x.WriteEndElement();
                    }
                });
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    private static (IReadOnlyList<string> Ids, IReadOnlyList<Ec2Filter> Filters, int? MaxResults) Read(AwsRequestContext context, string[] known)
    {
        var ids = context.Query.List("InstanceId");
        foreach (var id in ids) Network.NetworkStore.RequireId(id, "i");
        var filters = context.Query.Filters();
        foreach (var filter in filters.Where(f => !f.Name.StartsWith("tag:", StringComparison.Ordinal) && !known.Contains(f.Name)))
            throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
        var maxResults = context.Query.Int("MaxResults");
        if (maxResults is not null && ids.Count > 0)
            throw Ec2Errors.InvalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
        if (maxResults is < 5 or > 1000)
            throw Ec2Errors.InvalidParameterValue("Value for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
        context.Query.StopIfDryRun();
        return (ids, filters, maxResults);
    }

    private IEnumerable<InstanceRecord> Select(AwsRequestContext context, IReadOnlyList<string> ids, IReadOnlyList<Ec2Filter> filters, DateTimeOffset now)
    {
        var mine = store.InstancesOf(context).ToList();
        var missing = ids.Where(id => mine.All(i => i.InstanceId != id)).Distinct().ToList();
        if (missing.Count > 0)
            throw new Protocol.AwsServiceException("InvalidInstanceID.NotFound", $"The instance ID{(missing.Count > 1 ? "s" : "")} '{string.Join(", ", missing)}' {(missing.Count > 1 ? "do" : "does")} not exist");
        return mine.Where(i => ids.Count == 0 || ids.Contains(i.InstanceId))
            .Where(i => filters.All(f => Matches(i, f, now)))
            .OrderBy(i => i.LaunchTime).ThenBy(i => i.ReservationId, StringComparer.Ordinal).ThenBy(i => i.LaunchIndex);
    }

    private static bool Matches(InstanceRecord instance, Ec2Filter filter, DateTimeOffset now) => filter.Name switch
    {
        "instance-id" => filter.MatchesAny(instance.InstanceId),
        "tag-key" => instance.Tags.Any(t => filter.MatchesAny(t.Key)),
        "tag-value" => instance.Tags.Any(t => filter.MatchesAny(t.Value)),
        "instance-state-name" => filter.MatchesAny(InstanceStates.Of(instance, now)),
        "instance-state-code" => filter.MatchesAny(InstanceStates.Code(InstanceStates.Of(instance, now)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "instance-type" => filter.MatchesAny(instance.InstanceType),
        "availability-zone" => filter.MatchesAny(instance.AvailabilityZone),
        "subnet-id" or "network-interface.subnet-id" => filter.MatchesAny(instance.SubnetId),
        "vpc-id" => filter.MatchesAny(instance.VpcId),
        "private-ip-address" => filter.MatchesAny(instance.PrivateIpAddress),
        "private-dns-name" => filter.MatchesAny(instance.PrivateDnsName),
        "image-id" => filter.MatchesAny(instance.ImageId),
        "reservation-id" => filter.MatchesAny(instance.ReservationId),
        "instance-lifecycle" => instance.CapacityType == "spot" && filter.MatchesAny("spot"),
        "iam-instance-profile.arn" => filter.MatchesAny(instance.InstanceProfileArn),
        _ when filter.Name.StartsWith("tag:", StringComparison.Ordinal) => instance.Tags.Any(t => t.Key == filter.Name[4..] && filter.MatchesAny(t.Value)),
        _ => false,
    };
}
