using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>
/// kube-scheduler's default profile: binds each pod that asks for <c>default-scheduler</c> (or no scheduler) and has no
/// node yet, through <c>pods/binding</c> as <c>system:kube-scheduler</c>, to the node that passes every filter
/// (<see cref="NodeFilters"/>) and scores best (least allocated, then the first name), recording a Scheduled event. A pod
/// that fits nowhere stays Pending with PodScheduled=False/Unschedulable and a FailedScheduling warning
/// (<see cref="FitError"/>), and is tried again when a node changes or a pod goes away. Pods for another scheduler (EKS's
/// fargate-scheduler) are left to it.
/// </summary>
public sealed class PodScheduler(ControllerContext context) : ReconcileLoop(context)
{
    /// <summary>The scheduler's name, in spec.schedulerName and in its events' source.</summary>
    public const string Name = "default-scheduler";

    private readonly EventRecorder events = new(context.Client, context.Time, Name);
    private readonly HashSet<ObjectKey> unschedulable = [];
    private readonly HashSet<ObjectKey> retried = [];

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() =>
        [BuiltInResources.Pods, BuiltInResources.Nodes, BuiltInResources.PersistentVolumeClaims, BuiltInResources.PersistentVolumes];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        var key = new ObjectKey(BuiltInResources.Pods, o.Namespace, o.Name);
        // A node, a claim or a volume that changes may let a pod that fitted nowhere fit.
        if (o.Type.GroupResource != BuiltInResources.Pods.GroupResource)
        {
            RetryUnschedulable(enqueue);
            return;
        }
        if (change.Type == WatchEvent.Deleted)
        {
            unschedulable.Remove(key);
            RetryUnschedulable(enqueue);
            return;
        }
        var bound = !string.IsNullOrEmpty(o.View["spec"]?["nodeName"]?.GetValue<string>());
        if (!bound && IsOurs(o.View)) enqueue(key);
        // What a finished pod held is free again.
        if (bound && WorkloadPods.Phase(o) is "Succeeded" or "Failed") RetryUnschedulable(enqueue);
    }

    private void RetryUnschedulable(Action<ObjectKey> enqueue)
    {
        foreach (var key in unschedulable)
        {
            retried.Add(key);
            enqueue(key);
        }
    }

    /// <summary>True for a pod this scheduler places: spec.schedulerName empty or <c>default-scheduler</c>.</summary>
    public static bool IsOurs(JsonObject pod) => pod["spec"]?["schedulerName"]?.GetValue<string>() is null or "" or Name;

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var wasRetried = retried.Remove(key);
        var pod = Client.Get(BuiltInResources.Pods, key.Namespace, key.Name);
        if (pod is null || pod.IsDeleting() || !IsOurs(pod.View) || !string.IsNullOrEmpty(pod.View["spec"]?["nodeName"]?.GetValue<string>()))
        {
            unschedulable.Remove(key);
            return;
        }
        var view = pod.ToJsonObject();
        var requests = PodResources.Requests(view);
        var nodes = NodeState.Snapshot(Client.List(BuiltInResources.Nodes, null).Items, Client.List(BuiltInResources.Pods, null).Items);
        var volumes = VolumeBinding.For(Client, view, pod.Namespace);
        if (nodes.Count > 0 && volumes.PreFilterMessage is { } refused)
        {
            unschedulable.Add(key);
            await ReportUnschedulableAsync(pod, FitError.PreFilter(nodes.Count, refused), wasRetried, cancellationToken);
            return;
        }
        var verdicts = new List<NodeVerdict>();
        NodeState? best = null;
        var bestScore = decimal.MinValue;
        foreach (var node in nodes)
        {
            if ((NodeFilters.Check(view, requests, node) ?? volumes.Check(node)) is { } verdict)
            {
                verdicts.Add(verdict);
                continue;
            }
            var score = NodeFilters.Score(requests, node);
            if (score > bestScore) (best, bestScore) = (node, score);
        }
        if (best is null)
        {
            unschedulable.Add(key);
            var message = nodes.Count == 0 ? "no nodes available to schedule pods" : FitError.Message(nodes.Count, verdicts);
            await ReportUnschedulableAsync(pod, message, wasRetried, cancellationToken);
            return;
        }
        unschedulable.Remove(key);
        await volumes.PreBindAsync(Client, best.Name, cancellationToken);
        await BindAsync(pod, best.Name, cancellationToken);
    }

    private async Task BindAsync(StoredObject pod, string nodeName, CancellationToken cancellationToken)
    {
        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        var bound = await Client.UpdateAsync(pod, o =>
        {
            ((JsonObject)o["spec"]!)["nodeName"] = nodeName;
            var status = o["status"] as JsonObject ?? (JsonObject)(o["status"] = new JsonObject());
            status["phase"] = "Pending";
            var conditions = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(c => c["type"]?.GetValue<string>() != "PodScheduled").Select(c => c.DeepClone()).ToList();
            conditions.Add(PodReports.Condition("PodScheduled", now));
            status["conditions"] = new JsonArray([.. conditions]);
            status["qosClass"] = PodReports.QosClass(o);
        }, "binding", cancellationToken);
        await events.RecordAsync(bound, "Normal", "Scheduled", $"Successfully assigned {pod.Namespace}/{pod.Name} to {nodeName}", cancellationToken);
    }

    /// <summary>
    /// Writes PodScheduled=False/Unschedulable with <paramref name="message"/>; the event is recorded when the message is
    /// new or the attempt was a retry after the cluster changed (as each failed attempt of the real scheduler records one).
    /// </summary>
    private async Task ReportUnschedulableAsync(StoredObject pod, string message, bool retry, CancellationToken cancellationToken)
    {
        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        var previous = (pod.View["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "PodScheduled");
        var same = previous?["status"]?.GetValue<string>() == "False" && previous["message"]?.GetValue<string>() == message;
        if (!same)
        {
            pod = await Client.UpdateAsync(pod, o =>
            {
                var status = o["status"] as JsonObject ?? (JsonObject)(o["status"] = new JsonObject());
                status["phase"] = "Pending";
                var conditions = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(c => c["type"]?.GetValue<string>() != "PodScheduled").Select(c => c.DeepClone()).ToList();
                conditions.Add(new JsonObject
                {
                    ["type"] = "PodScheduled",
                    ["status"] = "False",
                    ["lastProbeTime"] = null,
                    ["lastTransitionTime"] = previous?["status"]?.GetValue<string>() == "False" ? previous["lastTransitionTime"]?.DeepClone() : now,
                    ["reason"] = "Unschedulable",
                    ["message"] = message,
                });
                status["conditions"] = new JsonArray([.. conditions]);
                status["qosClass"] = PodReports.QosClass(o);
            }, "status", cancellationToken);
        }
        if (!same || retry) await events.RecordAsync(pod, "Warning", "FailedScheduling", message, cancellationToken);
    }
}
