using System.Xml;
using Piksel.Emulator.Aws.Ec2.Network;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// RunInstances (authorized as EC2 does on every resource the launch creates or uses, see <see cref="LaunchAuthorization"/>)
/// and TerminateInstances (on each instance with its tags, so a policy can keep a caller to its own instances).
/// </summary>
internal sealed class InstanceOperations(Ec2Store store, InstanceLauncher launcher, InstanceLifecycle lifecycle) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("RunInstances", "ec2:RunInstances", RunInstances)
        .Add("TerminateInstances", "ec2:TerminateInstances", TerminateInstances);

    private OperationCall RunInstances(AwsRequestContext context)
    {
        var (template, version, templateData) = launcher.Template(context, "LaunchTemplate.");
        var data = LaunchDataReader.Merge(templateData, LaunchDataReader.Read(context.Query, ""));
        var min = InstanceLauncher.Count(context, "MinCount");
        var max = InstanceLauncher.Count(context, "MaxCount");
        if (min > max) throw Ec2Errors.InvalidParameterValue("MinCount must be less than or equal to MaxCount");
        var plan = launcher.Resolve(context, data, template, version);
        var market = context.Query.Get("InstanceMarketOptions.MarketType");
        if (market is not (null or "spot" or "capacity-block"))
            throw Ec2Errors.InvalidParameterValue($"Value ({market}) for parameter marketType is invalid.");
        var capacityType = market == "spot" ? "spot" : "on-demand";
        var demands = LaunchAuthorization.Demands(context, plan, "ec2:RunInstances", "RunInstances").ToList();
        var call = Answer(context, demands[0].Access, () =>
        {
            context.Query.StopIfDryRun();
            // A retry with the same ClientToken answers the reservation the first call made, as EC2's idempotency does.
            var token = context.Query.Get("ClientToken");
            var instances = token is null ? [] : store.InstancesOf(context).Where(i => i.ClientToken == token && i.FleetId is null).ToList();
            if (instances.Count == 0)
                instances = [.. launcher.Launch(context, plan, max, capacityType, NetworkStore.NewId("r"), token, fleetId: null)];
            var volumes = store.VolumesOf(context).ToList();
            var now = context.Time.GetUtcNow();
            return xml =>
            {
                xml.WriteElementString("reservationId", instances[0].ReservationId);
                xml.WriteElementString("ownerId", context.AccountId);
                xml.WriteStartElement("groupSet");
                xml.WriteEndElement();
                xml.WriteSet("instancesSet", instances, (x, i) =>
                    InstanceXml.WriteInstance(x, i, volumes.Where(v => v.Attachment?.InstanceId == i.InstanceId), now));
            };
        });
        foreach (var (action, access) in demands.Skip(1)) call.AndAlso(action, access);
        return call;
    }

    private OperationCall TerminateInstances(AwsRequestContext context)
    {
        var ids = context.Query.List("InstanceId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("InstanceId");
        var instances = ids.Distinct(StringComparer.Ordinal).Select(id => store.Instance(context, id)).ToList();
        Access AccessTo(InstanceRecord instance) => new(instance.Arn) { ContextKeys = Ec2Store.ResourceKeys(instance) };
        var call = Answer(context, AccessTo(instances[0]), () =>
        {
            context.Query.StopIfDryRun();
            var now = context.Time.GetUtcNow();
            var changes = new List<(string Id, string Previous, string Current)>();
            foreach (var instance in instances)
            {
                var previous = InstanceStates.Of(instance, now);
                if (instance.TerminateTime is null)
                {
                    var terminating = instance with { TerminateTime = now };
                    store.Instances.Put(Ec2Store.Row(instance.Account, instance.Region, instance.InstanceId), terminating);
                    ReleaseVolumes(context, instance, now);
                    lifecycle.Terminating(terminating);
                }
                changes.Add((instance.InstanceId, previous, previous == "terminated" ? "terminated" : "shutting-down"));
            }
            return xml => xml.WriteSet("instancesSet", changes, (x, c) =>
            {
                x.WriteElementString("instanceId", c.Id);
                InstanceXml.WriteState(x, "currentState", c.Current);
                InstanceXml.WriteState(x, "previousState", c.Previous);
            });
        });
        foreach (var instance in instances.Skip(1)) call.AndAlso("ec2:TerminateInstances", AccessTo(instance));
        return call;
    }

    /// <summary>A terminating instance's volumes: those marked delete-on-termination go, the others detach.</summary>
    private void ReleaseVolumes(AwsRequestContext context, InstanceRecord instance, DateTimeOffset now)
    {
        foreach (var volume in store.VolumesOf(context).Where(v => v.Attachment?.InstanceId == instance.InstanceId).ToList())
        {
            if (volume.Attachment!.DeleteOnTermination) store.Volumes.Remove(Ec2Store.Row(volume));
            else if (volume.Attachment.DetachTime is null)
                store.Volumes.Put(Ec2Store.Row(volume), volume with { Attachment = volume.Attachment with { DetachTime = now } });
        }
    }
}
