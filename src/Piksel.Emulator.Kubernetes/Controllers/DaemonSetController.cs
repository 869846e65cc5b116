using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The daemon set controller (pkg/controller/daemon): one pod per node that should run it (<see cref="DaemonSetPods.Placement"/>),
/// created pinned to its node and labelled with the template's revision; pods on nodes that no longer qualify, extra
/// pods and failed pods are deleted. RollingUpdate replaces old pods node by node, never taking more than maxUnavailable
/// (default 1; a percentage of the desired count, rounded up) out of service; OnDelete replaces a pod only when it is
/// deleted. Status: desired, current, ready, available, updated, misscheduled, unavailable and observedGeneration, which
/// is what <c>kubectl rollout status daemonset</c> reads.
/// </summary>
public sealed class DaemonSetController(ControllerContext context) : ReconcileLoop(context)
{
    private readonly EventRecorder events = new(context.Client, context.Time, "daemonset-controller");

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.DaemonSets, BuiltInResources.Nodes, BuiltInResources.Pods];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type.GroupResource == BuiltInResources.DaemonSets.GroupResource)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.DaemonSets, o.Namespace, o.Name));
            return;
        }
        if (o.Type.GroupResource == BuiltInResources.Nodes.GroupResource)
        {
            foreach (var ds in Client.List(BuiltInResources.DaemonSets, null).Items) enqueue(new ObjectKey(BuiltInResources.DaemonSets, ds.Namespace, ds.Name));
            return;
        }
        if (WorkloadPods.ControllerUid(o.View) is not { } owner) return;
        foreach (var ds in Client.List(BuiltInResources.DaemonSets, o.Namespace).Items)
            if (ds.Uid() == owner) enqueue(new ObjectKey(BuiltInResources.DaemonSets, ds.Namespace, ds.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } ds || ds.IsDeleting()) return;
        var template = ds.View["spec"]?["template"] as JsonObject ?? [];
        var hash = RolloutMath.TemplateHash(template);
        var nodes = Client.List(BuiltInResources.Nodes, null).Items;
        var pods = Client.List(BuiltInResources.Pods, key.Namespace).Items
            .Where(p => WorkloadPods.ControllerUid(p.View) == ds.Uid() && !p.IsDeleting()).ToList();
        var byNode = pods.GroupBy(p => DaemonSetPods.NodeOf(p) ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var placements = nodes.ToDictionary(n => n.Name, n => DaemonSetPods.Placement(template, n), StringComparer.Ordinal);
        var minReady = ds.View["spec"]?["minReadySeconds"]?.GetValue<int>() ?? 0;
        var now = Context.Time.GetUtcNow();

        // Pods of nodes gone or no longer eligible, failed pods, and all but the oldest pod of a node go.
        var doomed = new List<StoredObject>();
        var kept = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        foreach (var (nodeName, onNode) in byNode)
        {
            var (_, keep) = placements.GetValueOrDefault(nodeName);
            var alive = onNode.Where(p => WorkloadPods.Phase(p) != "Failed").OrderBy(p => p.View["metadata"]?["creationTimestamp"]?.GetValue<string>(), StringComparer.Ordinal).ToList();
            doomed.AddRange(onNode.Where(p => WorkloadPods.Phase(p) == "Failed"));
            if (!keep) { doomed.AddRange(alive); continue; }
            if (alive.Count > 0) kept[nodeName] = alive[0];
            doomed.AddRange(alive.Skip(1));
        }
        var shouldRun = placements.Where(p => p.Value.ShouldRun).Select(p => p.Key).ToList();
        doomed.AddRange(RollingUpdateVictims(ds, hash, shouldRun, kept, minReady, now));
        foreach (var pod in doomed.Distinct())
        {
            if (await Client.DeleteAsync(pod, cancellationToken: cancellationToken))
                await events.RecordAsync(ds, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Name}", cancellationToken);
            var node = DaemonSetPods.NodeOf(pod) ?? "";
            if (kept.TryGetValue(node, out var k) && k.Name == pod.Name) kept.Remove(node);
        }
        foreach (var nodeName in shouldRun.Where(n => !kept.ContainsKey(n)))
        {
            var pod = WorkloadPods.FromTemplate(ds, DaemonSetPods.NewPod(template, nodeName), ds.Name + "-");
            var labels = pod["metadata"]!["labels"] as JsonObject ?? [];
            labels[DaemonSetPods.RevisionLabel] = hash;
            labels["pod-template-generation"] = (ds.View["metadata"]?["generation"]?.GetValue<long>() ?? 1).ToString(CultureInfo.InvariantCulture);
            pod["metadata"]!["labels"] = labels.DeepClone();
            var created = await Client.CreateAsync(BuiltInResources.Pods, key.Namespace, pod, cancellationToken);
            kept[nodeName] = created;
            await events.RecordAsync(ds, "Normal", "SuccessfulCreate", $"Created pod: {created.Name}", cancellationToken);
        }
        await WriteStatusAsync(ds, hash, shouldRun, kept, placements, minReady, now, cancellationToken);
        // A ready pod becomes available after minReadySeconds: look again then.
        if (minReady > 0 && kept.Values.Any(p => WorkloadPods.ReadyCondition(p) is not null && !WorkloadPods.IsAvailable(p, minReady, now)))
            EnqueueAfter(key, TimeSpan.FromSeconds(minReady));
    }

    /// <summary>
    /// Old-revision pods to delete now (rollingUpdate with maxSurge 0): the unavailable ones at once, the available ones
    /// while fewer than maxUnavailable of the nodes that should run the daemon are without an available pod.
    /// </summary>
    private static List<StoredObject> RollingUpdateVictims(StoredObject ds, string hash, List<string> shouldRun, Dictionary<string, StoredObject> kept, int minReady, DateTimeOffset now)
    {
        var strategy = ds.View["spec"]?["updateStrategy"];
        if (strategy?["type"]?.GetValue<string>() == "OnDelete") return [];
        var maxUnavailable = MaxUnavailable(strategy?["rollingUpdate"]?["maxUnavailable"], shouldRun.Count);
        var unavailable = shouldRun.Count(n => !kept.TryGetValue(n, out var p) || !WorkloadPods.IsAvailable(p, minReady, now));
        var victims = new List<StoredObject>();
        foreach (var node in shouldRun.Order(StringComparer.Ordinal))
        {
            if (!kept.TryGetValue(node, out var pod) || pod.Labels.GetValueOrDefault(DaemonSetPods.RevisionLabel) == hash) continue;
            if (!WorkloadPods.IsAvailable(pod, minReady, now))
            {
                victims.Add(pod);
            }
            else if (unavailable < maxUnavailable)
            {
                victims.Add(pod);
                unavailable++;
            }
        }
        return victims;
    }

    /// <summary>maxUnavailable of a daemon set: a number, or a percentage of the desired count rounded up; default 1.</summary>
    private static int MaxUnavailable(JsonNode? value, int desired)
    {
        if (value is null) return 1;
        if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number) return Math.Max(0, value.GetValue<int>());
        var text = value.GetValue<string>();
        if (text.EndsWith('%') && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var percent))
            return (int)((percent * (long)desired + 99) / 100);
        return int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : 1;
    }

    private async Task WriteStatusAsync(StoredObject ds, string hash, List<string> shouldRun, Dictionary<string, StoredObject> kept,
        Dictionary<string, (bool ShouldRun, bool ShouldContinueRunning)> placements, int minReady, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scheduled = shouldRun.Where(kept.ContainsKey).Select(n => kept[n]).ToList();
        var misscheduled = kept.Keys.Count(n => !placements.GetValueOrDefault(n).ShouldRun);
        var ready = scheduled.Count(p => WorkloadPods.ReadyCondition(p) is not null);
        var available = scheduled.Count(p => WorkloadPods.IsAvailable(p, minReady, now));
        var updated = scheduled.Count(p => p.Labels.GetValueOrDefault(DaemonSetPods.RevisionLabel) == hash);
        var current = Client.Get(ds.Type, ds.Namespace, ds.Name);
        if (current is null || current.Uid() != ds.Uid()) return;
        await Client.UpdateStatusAsync(current, o =>
        {
            var status = new JsonObject
            {
                ["currentNumberScheduled"] = scheduled.Count,
                ["desiredNumberScheduled"] = shouldRun.Count,
                ["numberMisscheduled"] = misscheduled,
                ["numberReady"] = ready,
                ["observedGeneration"] = o["metadata"]?["generation"]?.GetValue<long>() ?? 1,
            };
            // The other counts are omitempty in apps/v1.
            if (updated > 0) status["updatedNumberScheduled"] = updated;
            if (available > 0) status["numberAvailable"] = available;
            if (shouldRun.Count - available > 0) status["numberUnavailable"] = shouldRun.Count - available;
            o["status"] = status;
        }, cancellationToken);
    }
}
