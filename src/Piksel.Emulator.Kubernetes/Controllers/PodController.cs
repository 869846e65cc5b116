using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The scheduler and the kubelet of <see cref="SimulatedNode"/>: registers the node, binds each new pod to it
/// (spec.nodeName, PodScheduled), then reports it Running with ready containers, an IP from 10.0.0.0/16 and its QoS
/// class. Nothing runs: the status is what a healthy kubelet would report. Pods bound to another node stay Pending.
/// It binds as the scheduler (<c>pods/binding</c>) and reports as the node's kubelet (<c>/status</c>).
/// </summary>
public sealed class PodController(ControllerContext context) : ReconcileLoop(context)
{
    private readonly IControllerClient binder = context.ClientFor(ControllerIdentities.Scheduler);
    private readonly HashSet<string> usedIps = new(StringComparer.Ordinal);
    private int nextIp;

    /// <inheritdoc />
    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        var node = SimulatedNode.Build(Context.Options.Region, Context.Options.KubernetesVersion, Context.Time.GetUtcNow());
        var stored = await Client.CreateIfAbsentAsync(BuiltInResources.Nodes, "", SimulatedNode.Name, node, cancellationToken);
        // After a restart the kubelet posts a fresh heartbeat.
        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        await Client.UpdateStatusAsync(stored, o =>
        {
            foreach (var condition in (o["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()) condition["lastHeartbeatTime"] = now;
        }, cancellationToken);
    }

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.Pods];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var ip = change.Object.View["status"]?["podIP"]?.GetValue<string>();
        var hostNetwork = change.Object.View["spec"]?["hostNetwork"]?.GetValue<bool>() == true;
        if (ip is not null && !hostNetwork)
        {
            if (change.Type == WatchEvent.Deleted) usedIps.Remove(ip);
            else usedIps.Add(ip);
        }
        if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.Pods, change.Object.Namespace, change.Object.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.Pods, key.Namespace, key.Name) is not { } pod || pod.IsDeleting()) return;
        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        // Like kube-scheduler, bind only pods that ask for the default scheduler; others wait for theirs.
        var scheduler = pod.View["spec"]?["schedulerName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(pod.View["spec"]?["nodeName"]?.GetValue<string>()) && scheduler is null or "" or "default-scheduler")
        {
            pod = await binder.UpdateAsync(pod, o =>
            {
                ((JsonObject)o["spec"]!)["nodeName"] = SimulatedNode.Name;
                var status = o["status"] as JsonObject ?? (JsonObject)(o["status"] = new JsonObject());
                status["phase"] = "Pending";
                status["conditions"] = new JsonArray(PodReports.Condition("PodScheduled", now));
                status["qosClass"] = PodReports.QosClass(o);
            }, "binding", cancellationToken);
        }
        if (pod.View["spec"]?["nodeName"]?.GetValue<string>() != SimulatedNode.Name) return;
        if (pod.View["status"]?["phase"]?.GetValue<string>() is "Running" or "Succeeded" or "Failed") return;
        var status = RunningStatus(pod.ToJsonObject(), now);
        try { await Client.UpdateStatusAsync(pod, o => o["status"] = status, cancellationToken); }
        catch (StatusException)
        {
            usedIps.Remove(status["podIP"]!.GetValue<string>());
            throw;
        }
    }

    private JsonObject RunningStatus(JsonObject pod, string now)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var scheduled = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "PodScheduled")?.DeepClone()
            ?? PodReports.Condition("PodScheduled", now);
        var ip = spec["hostNetwork"]?.GetValue<bool>() == true ? SimulatedNode.InternalIp : AllocateIp();
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                PodReports.Condition("PodReadyToStartContainers", now), PodReports.Condition("Initialized", now), PodReports.Condition("Ready", now),
                PodReports.Condition("ContainersReady", now), scheduled),
            ["hostIP"] = SimulatedNode.InternalIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = SimulatedNode.InternalIp }),
            ["podIP"] = ip,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            ["startTime"] = now,
        };
        if (spec["initContainers"] is JsonArray { Count: > 0 } inits)
            status["initContainerStatuses"] = new JsonArray([.. inits.OfType<JsonObject>().Select(c => PodReports.ContainerStatus(c, now, completed: true))]);
        status["containerStatuses"] = new JsonArray([.. (spec["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => PodReports.ContainerStatus(c, now, completed: false))]);
        status["qosClass"] = PodReports.QosClass(pod);
        return status;
    }

    /// <summary>The next free pod address in 10.0.1.1–10.0.254.254 (10.0.0.0/24 is the node's).</summary>
    private string AllocateIp()
    {
        const int Size = 254 * 254;
        for (var tries = 0; tries < Size; tries++)
        {
            var n = nextIp;
            nextIp = (nextIp + 1) % Size;
            var ip = $"10.0.{1 + n / 254}.{1 + n % 254}";
            if (usedIps.Add(ip)) return ip;
        }
        throw new InvalidOperationException("the simulated pod network 10.0.0.0/16 is full");
    }
}
