using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers.Kubelet;

/// <summary>
/// The kubelets of the cluster's nodes. It registers <see cref="SimulatedNode"/> and then, for every pod bound to an
/// existing node whose Ready condition is True (any node: EKS's Fargate nodes too), reports what that node's kubelet
/// would, under its identity (<c>system:node:&lt;name&gt;</c>): Running with ready containers, an address from the
/// node's network (<see cref="PodAddressPool"/>), hostIP the node's InternalIP, the QoS class. Pods that run to
/// completion finish after their simulated run (<see cref="SimulatedRun"/>); a pod held by finalizers after its
/// deletion has its containers stopped once its grace period is over. Nothing runs: the status is the simulation.
/// </summary>
public sealed class SimulatedKubelet(ControllerContext context) : ReconcileLoop(context)
{
    private readonly PodAddressPool addresses = new();
    private readonly Dictionary<string, IControllerClient> kubelets = new(StringComparer.Ordinal);

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
    protected override IEnumerable<ResourceType> WatchedTypes() =>
        [BuiltInResources.Pods, BuiltInResources.Nodes, BuiltInResources.PersistentVolumeClaims, BuiltInResources.VolumeAttachments];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type.GroupResource == BuiltInResources.PersistentVolumeClaims.GroupResource || o.Type.GroupResource == BuiltInResources.VolumeAttachments.GroupResource)
        {
            // A claim bound or a volume attached may let a pod waiting for its volumes start.
            foreach (var pod in Client.List(BuiltInResources.Pods, null).Items)
            {
                if (pod.View["spec"]?["nodeName"] is not null && WorkloadPods.Phase(pod) == "Pending" && Volumes.PodVolumes.ClaimsOf(pod.View).Count > 0)
                    enqueue(new ObjectKey(BuiltInResources.Pods, pod.Namespace, pod.Name));
            }
            return;
        }
        if (o.Type.GroupResource == BuiltInResources.Nodes.GroupResource)
        {
            // A node that is (again) Ready starts the pods waiting for it.
            if (change.Type == WatchEvent.Deleted || !NodeIsReady(o)) return;
            foreach (var pod in Client.List(BuiltInResources.Pods, null).Items)
            {
                if (pod.View["spec"]?["nodeName"]?.GetValue<string>() == o.Name && WorkloadPods.Phase(pod) == "Pending")
                    enqueue(new ObjectKey(BuiltInResources.Pods, pod.Namespace, pod.Name));
            }
            return;
        }
        var ip = o.View["status"]?["podIP"]?.GetValue<string>();
        var hostNetwork = o.View["spec"]?["hostNetwork"]?.GetValue<bool>() == true;
        if (ip is not null && !hostNetwork && ip != o.View["status"]?["hostIP"]?.GetValue<string>())
        {
            if (change.Type == WatchEvent.Deleted) addresses.Release(ip);
            else addresses.Use(ip);
        }
        if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.Pods, o.Namespace, o.Name));
    }

    private static bool NodeIsReady(StoredObject node) => Scheduler.NodeState.IsReady(node.View);

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.Pods, key.Namespace, key.Name) is not { } pod) return;
        if (pod.View["spec"]?["nodeName"]?.GetValue<string>() is not { Length: > 0 } nodeName) return;
        if (Client.Get(BuiltInResources.Nodes, "", nodeName) is not { } node || !NodeIsReady(node)) return;
        var kubelet = KubeletOf(nodeName);
        var phase = WorkloadPods.Phase(pod);
        var now = Context.Time.GetUtcNow();
        var stamp = Meta.Timestamp(now);
        if (pod.IsDeleting())
        {
            await StopAsync(kubelet, pod, key, now, cancellationToken);
            return;
        }
        if (phase is "Succeeded" or "Failed") return;
        if (phase == "Pending" || pod.View["status"]?["podIP"] is null)
        {
            var view = pod.ToJsonObject();
            var hostIp = PodAddressPool.InternalIp(node.View) ?? "";
            if (VolumeWait.Unready(Client, view, pod.Namespace, nodeName).Count > 0)
            {
                if (pod.View["status"]?["containerStatuses"] is null)
                    await kubelet.UpdateStatusAsync(pod, o => o["status"] = VolumeWait.Creating(view, hostIp, stamp), cancellationToken);
                return;
            }
            var ip = addresses.Allocate(node.ToJsonObject(), view);
            var status = KubeletStatus.Running(view, hostIp, ip, stamp);
            try { pod = await kubelet.UpdateStatusAsync(pod, o => o["status"] = status, cancellationToken); }
            catch (StatusException)
            {
                if (ip != hostIp) addresses.Release(ip);
                throw;
            }
        }
        if (!SimulatedRun.RunsToCompletion(pod.View)) return;
        await FinishWhenDueAsync(kubelet, pod, key, now, cancellationToken);
    }

    /// <summary>
    /// A run-to-completion pod exits once its run is over. Under restartPolicy OnFailure a failed run is restarted after
    /// the kubelet's crash-loop back-off (10 s doubling to five minutes, the container waiting in CrashLoopBackOff
    /// meanwhile); until something is due the pod is looked at again when it is.
    /// </summary>
    private async Task FinishWhenDueAsync(IControllerClient kubelet, StoredObject pod, ObjectKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var view = pod.ToJsonObject();
        var stamp = Meta.Timestamp(now);
        var run = SimulatedRun.Duration(view);
        if (KubeletStatus.BackedOffSince(view) is { } failedAt)
        {
            var restartAt = failedAt + KubeletStatus.BackOff(KubeletStatus.Restarts(view));
            if (now < restartAt)
            {
                EnqueueAfter(key, restartAt - now);
                return;
            }
            await kubelet.UpdateStatusAsync(pod, o => o["status"] = KubeletStatus.Restarted(view, stamp), cancellationToken);
            EnqueueAfter(key, run);
            return;
        }
        var dueAt = (LastStart(view) ?? now) + run;
        if (now < dueAt)
        {
            EnqueueAfter(key, dueAt - now);
            return;
        }
        int ExitCode(JsonObject container) => SimulatedRun.ExitCode(view, container);
        var onFailure = view["spec"]?["restartPolicy"]?.GetValue<string>() == "OnFailure";
        var anyFailed = (view["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Any(c => ExitCode(c) != 0);
        if (onFailure && anyFailed)
        {
            var failed = KubeletStatus.CrashLooping(view, ExitCode, stamp);
            await kubelet.UpdateStatusAsync(pod, o => o["status"] = failed, cancellationToken);
            EnqueueAfter(key, KubeletStatus.BackOff(KubeletStatus.Restarts(new JsonObject { ["status"] = failed.DeepClone() })));
            return;
        }
        await kubelet.UpdateStatusAsync(pod, o => o["status"] = KubeletStatus.Finished(view, ExitCode, stamp), cancellationToken);
    }

    /// <summary>
    /// A pod that is being deleted but held (finalizers): its containers are stopped (exit 0, as after a handled SIGTERM)
    /// and it is reported finished once its grace period has run out, which is the deletionTimestamp the API server set.
    /// </summary>
    private async Task StopAsync(IControllerClient kubelet, StoredObject pod, ObjectKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (WorkloadPods.Phase(pod) is "Succeeded" or "Failed" || pod.View["status"]?["podIP"] is null) return;
        var dueAt = Timestamp(pod.View["metadata"]?["deletionTimestamp"]) ?? now;
        if (now < dueAt)
        {
            EnqueueAfter(key, dueAt - now);
            return;
        }
        var view = pod.ToJsonObject();
        await kubelet.UpdateStatusAsync(pod, o => o["status"] = KubeletStatus.Finished(view, _ => 0, Meta.Timestamp(now)), cancellationToken);
    }

    /// <summary>When the containers (last) started.</summary>
    private static DateTimeOffset? LastStart(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => Timestamp(c["state"]?["running"]?["startedAt"])).Where(t => t is not null).Max()
            ?? Timestamp(pod["status"]?["startTime"]);

    private static DateTimeOffset? Timestamp(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>The kubelet of <paramref name="nodeName"/>: it writes as <c>system:node:&lt;name&gt;</c> in <c>system:nodes</c>.</summary>
    private IControllerClient KubeletOf(string nodeName)
    {
        if (nodeName == SimulatedNode.Name) return Client;
        if (!kubelets.TryGetValue(nodeName, out var client))
            kubelets[nodeName] = client = Context.ClientFor(UserInfo.Component("system:node:" + nodeName, "system:nodes"));
        return client;
    }
}
