using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>
/// EKS's fargate-scheduler: each pending pod that asks for it gets a Node of its own — an address from one of its
/// profile's subnets, registered by that node's kubelet, Ready — and is bound to it (<c>pods/binding</c>, a
/// <c>Scheduled</c> event). A node whose pod is gone is removed. A pod whose profile is no longer ACTIVE keeps waiting,
/// and one Fargate cannot run gets a <c>FailedScheduling</c> event saying why, as on EKS.
/// </summary>
public sealed class FargateScheduler(ControllerContext context, Func<ClusterSystemSpec> spec) : ReconcileLoop(context)
{
    private readonly EventRecorder events = new(context.Client, context.Time, FargateAdmission.SchedulerName);

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.Pods, BuiltInResources.Nodes];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type.GroupResource == BuiltInResources.Nodes.GroupResource)
        {
            if (FargateNode.Is(o.Labels)) enqueue(new ObjectKey(BuiltInResources.Nodes, "", o.Name));
            return;
        }
        var nodeName = JsonText.Of(o.View["spec"]?["nodeName"]);
        if (nodeName?.StartsWith(FargateNode.Prefix, StringComparison.Ordinal) == true) enqueue(new ObjectKey(BuiltInResources.Nodes, "", nodeName));
        if (change.Type != WatchEvent.Deleted && string.IsNullOrEmpty(nodeName) && JsonText.Of(o.View["spec"]?["schedulerName"]) == FargateAdmission.SchedulerName)
            enqueue(new ObjectKey(BuiltInResources.Pods, o.Namespace, o.Name));
    }

    /// <inheritdoc />
    protected override Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        key.Type.GroupResource == BuiltInResources.Nodes.GroupResource ? CollectAsync(key.Name, cancellationToken) : PlaceAsync(key, cancellationToken);

    private async Task PlaceAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.Pods, key.Namespace, key.Name) is not { } pod || pod.IsDeleting()) return;
        if (!string.IsNullOrEmpty(JsonText.Of(pod.View["spec"]?["nodeName"]))) return;
        var cluster = spec();
        var profileName = pod.Labels.GetValueOrDefault(FargateAdmission.ProfileLabel);
        // A profile deleted (or not yet ACTIVE) since the pod was admitted: the pod waits, as on EKS.
        if (cluster.FargateProfiles.FirstOrDefault(p => p.Name == profileName) is not { Subnets.Count: > 0 } profile) return;
        var problems = FargateSupport.Problems(pod.View);
        if (problems.Count > 0)
        {
            await events.RecordAsync(pod, "Warning", "FailedScheduling", "Pod not supported on Fargate: " + string.Join(", ", problems), cancellationToken);
            return;
        }
        var capacity = FargateCapacity.For(pod.View)!;
        var used = Client.List(BuiltInResources.Nodes, null).Items
            .Where(n => FargateNode.Is(n.Labels))
            .SelectMany(n => (n.View["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(a => JsonText.Of(a["type"]) == "InternalIP")
            .Select(a => JsonText.Of(a["address"]))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        // Spread pods over the profile's subnets (their zones) by the pod's uid; a full subnet hands over to the next.
        var first = (int)(pod.Uid().Aggregate(17u, (h, c) => unchecked((h * 31) + c)) % (uint)profile.Subnets.Count);
        var placed = Enumerable.Range(0, profile.Subnets.Count)
            .Select(i => profile.Subnets[(first + i) % profile.Subnets.Count])
            .Select(s => (Subnet: s, Ip: SubnetAddresses.Next(s.CidrBlock, used)))
            .FirstOrDefault(p => p.Ip is not null);
        if (placed.Ip is null)
        {
            await events.RecordAsync(pod, "Warning", "FailedScheduling", "Pod not supported on Fargate: no free IP address in the profile's subnets", cancellationToken);
            return;
        }
        var name = FargateNode.Name(placed.Ip, Context.Options.Region);
        var node = FargateNode.Build(name, placed.Ip, placed.Subnet, Context.Options.Region, Context.Options.KubernetesVersion, capacity, Context.Time.GetUtcNow());
        var kubelet = Context.ClientFor(SystemIdentities.FargateKubelet(name));
        var status = (JsonObject)node["status"]!.DeepClone();
        var registered = await kubelet.CreateIfAbsentAsync(BuiltInResources.Nodes, "", name, node, cancellationToken);
        if (registered.View["status"]?["conditions"] is null)
            await kubelet.UpdateStatusAsync(registered, o => o["status"] = status.DeepClone(), cancellationToken);

        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        var bound = await Client.UpdateAsync(pod, o =>
        {
            ((JsonObject)o["spec"]!)["nodeName"] = name;
            var podStatus = o["status"] as JsonObject ?? (JsonObject)(o["status"] = new JsonObject());
            podStatus["phase"] = "Pending";
            podStatus["conditions"] = new JsonArray(PodReports.Condition("PodScheduled", now));
            podStatus["qosClass"] = PodReports.QosClass(o);
        }, "binding", cancellationToken);
        await events.RecordAsync(bound, "Normal", "Scheduled", $"Successfully assigned {key.Namespace}/{key.Name} to {name}", cancellationToken);
    }

    /// <summary>Removes a Fargate node no pod is bound to (its pod finished or was deleted).</summary>
    private async Task CollectAsync(string nodeName, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.Nodes, "", nodeName) is not { } node || node.IsDeleting() || !FargateNode.Is(node.Labels)) return;
        var inUse = Client.List(BuiltInResources.Pods, null).Items.Any(p => JsonText.Of(p.View["spec"]?["nodeName"]) == nodeName);
        if (!inUse) await Client.DeleteAsync(node, cancellationToken: cancellationToken);
    }
}
