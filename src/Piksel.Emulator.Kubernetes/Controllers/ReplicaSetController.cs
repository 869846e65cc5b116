using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The replica set controller (pkg/controller/replicaset): keeps spec.replicas active pods named
/// <c>&lt;rs&gt;-&lt;5 chars&gt;</c> from the template, owned through a controller reference; adopts orphans its selector
/// matches and releases owned pods it no longer matches; on scale-down deletes the least useful pods first
/// (<see cref="WorkloadPods.DeletionOrder"/>); reports replicas, fullyLabeledReplicas, readyReplicas, availableReplicas
/// and observedGeneration; records SuccessfulCreate and SuccessfulDelete events.
/// </summary>
public sealed class ReplicaSetController(ControllerContext context) : ReconcileLoop(context)
{
    private readonly EventRecorder events = new(context.Client, context.Time, "replicaset-controller");

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.ReplicaSets, BuiltInResources.Pods];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type.GroupResource == BuiltInResources.ReplicaSets.GroupResource)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.ReplicaSets, o.Namespace, o.Name));
            return;
        }
        // A pod wakes its controller (found by uid among the namespace's replica sets) or, an orphan, every set that could adopt it.
        var owner = WorkloadPods.ControllerUid(o.View);
        foreach (var rs in Client.List(BuiltInResources.ReplicaSets, o.Namespace).Items)
        {
            if (owner is null ? WorkloadSelector.Matches(rs.View["spec"]?["selector"], o.Labels) : rs.Uid() == owner)
                enqueue(new ObjectKey(BuiltInResources.ReplicaSets, rs.Namespace, rs.Name));
        }
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } rs || rs.IsDeleting()) return;
        var uid = rs.Uid();
        var selector = rs.View["spec"]?["selector"];
        var owned = new List<StoredObject>();
        foreach (var pod in Client.List(BuiltInResources.Pods, key.Namespace).Items)
        {
            var controller = WorkloadPods.ControllerUid(pod.View);
            var matches = WorkloadSelector.Matches(selector, pod.Labels);
            if (controller == uid && !matches && !pod.IsDeleting())
            {
                await Client.UpdateAsync(pod, o => ReleaseFrom(o, uid), cancellationToken: cancellationToken);
            }
            else if (controller == uid)
            {
                owned.Add(pod);
            }
            else if (controller is null && matches && !pod.IsDeleting())
            {
                owned.Add(await Client.UpdateAsync(pod, o =>
                {
                    var refs = o["metadata"]!["ownerReferences"] as JsonArray ?? [];
                    refs.Add(WorkloadPods.ControllerRef(rs));
                    o["metadata"]!["ownerReferences"] = refs.DeepClone();
                }, cancellationToken: cancellationToken));
            }
        }
        var active = owned.Where(WorkloadPods.IsActive).ToList();
        var desired = rs.View["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        if (active.Count < desired)
        {
            var template = rs.View["spec"]?["template"] as JsonObject;
            for (var i = active.Count; i < desired; i++)
            {
                StoredObject created;
                try
                {
                    created = await Client.CreateAsync(BuiltInResources.Pods, key.Namespace, WorkloadPods.FromTemplate(rs, template, rs.Name + "-"), cancellationToken);
                }
                catch (StatusException e) when (e.Code == System.Net.HttpStatusCode.Forbidden)
                {
                    // Refused by admission (PodSecurity, quota): the real controller records FailedCreate and backs off.
                    await events.RecordAsync(rs, "Warning", "FailedCreate", $"Error creating: {e.Message}", cancellationToken);
                    EnqueueAfter(key, TimeSpan.FromSeconds(10));
                    break;
                }
                active.Add(created);
                await events.RecordAsync(rs, "Normal", "SuccessfulCreate", $"Created pod: {created.Name}", cancellationToken);
            }
        }
        else if (active.Count > desired)
        {
            foreach (var pod in WorkloadPods.DeletionOrder(active).Take(active.Count - desired).ToList())
            {
                if (await Client.DeleteAsync(pod, cancellationToken: cancellationToken))
                    await events.RecordAsync(rs, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Name}", cancellationToken);
                active.Remove(pod);
            }
        }
        await WriteStatusAsync(rs, active, cancellationToken);
    }

    private async Task WriteStatusAsync(StoredObject rs, List<StoredObject> active, CancellationToken cancellationToken)
    {
        var now = Context.Time.GetUtcNow();
        var minReady = rs.View["spec"]?["minReadySeconds"]?.GetValue<int>() ?? 0;
        var templateLabels = rs.View["spec"]?["template"]?["metadata"]?["labels"] as JsonObject ?? [];
        var fullyLabeled = active.Count(p => templateLabels.All(l => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value?.GetValue<string>()));
        var ready = active.Count(p => WorkloadPods.ReadyCondition(p) is not null);
        var available = active.Count(p => WorkloadPods.IsAvailable(p, minReady, now));
        // A ready pod becomes available once minReadySeconds have passed, with no change to signal it: look again then.
        var pending = active.Where(p => WorkloadPods.ReadyCondition(p) is not null && !WorkloadPods.IsAvailable(p, minReady, now))
            .Select(p => WorkloadPods.ReadySince(p)).OfType<DateTimeOffset>().ToList();
        if (pending.Count > 0) EnqueueAt(new ObjectKey(rs.Type, rs.Namespace, rs.Name), pending.Min().AddSeconds(minReady));
        var current = Client.Get(rs.Type, rs.Namespace, rs.Name);
        if (current is null || current.Uid() != rs.Uid()) return;
        await Client.UpdateStatusAsync(current, o =>
        {
            var status = new JsonObject { ["replicas"] = active.Count };
            // Zero counts are left out (omitempty), replicas is always there.
            if (fullyLabeled > 0) status["fullyLabeledReplicas"] = fullyLabeled;
            if (ready > 0) status["readyReplicas"] = ready;
            if (available > 0) status["availableReplicas"] = available;
            status["observedGeneration"] = o["metadata"]?["generation"]?.GetValue<long>() ?? 1;
            o["status"] = status;
        }, cancellationToken);
    }

    /// <summary>Takes the reference to <paramref name="uid"/> off a pod (ReleasePod); the metadata field goes when it empties.</summary>
    private static void ReleaseFrom(JsonObject pod, string uid)
    {
        var metadata = (JsonObject)pod["metadata"]!;
        var kept = (metadata["ownerReferences"] as JsonArray ?? []).Where(r => r?["uid"]?.GetValue<string>() != uid).Select(r => r?.DeepClone()).ToList();
        if (kept.Count == 0) metadata.Remove("ownerReferences");
        else metadata["ownerReferences"] = new JsonArray([.. kept]);
    }
}
