using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The stateful set controller (pkg/controller/statefulset): pods <c>&lt;set&gt;-&lt;ordinal&gt;</c> with hostname and
/// subdomain, created in order (OrderedReady: the next only once the previous is Running and Ready; Parallel: all at
/// once), a PersistentVolumeClaim <c>&lt;claim&gt;-&lt;set&gt;-&lt;ordinal&gt;</c> per volumeClaimTemplate (left Pending
/// for a provisioner), scale-down from the highest ordinal, revisions as ControllerRevisions
/// (<c>controller-revision-hash</c> label), RollingUpdate from the highest ordinal down to the partition, OnDelete, and
/// the status with currentRevision/updateRevision; events as the real controller words them.
/// </summary>
public sealed class StatefulSetController(ControllerContext context)
    : OwnedWorkloadLoop(context, BuiltInResources.StatefulSets, BuiltInResources.Pods)
{
    /// <summary>The label naming the revision a pod was made from.</summary>
    public const string RevisionLabel = "controller-revision-hash";

    private readonly EventRecorder events = new(context.Client, context.Time, "statefulset-controller");

    private static bool RunningAndReady(StoredObject pod) => WorkloadPods.Phase(pod) == "Running" && WorkloadPods.ReadyCondition(pod) is not null && !pod.IsDeleting();

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } set || set.IsDeleting()) return;
        var spec = set.View["spec"] as JsonObject ?? [];
        var replicas = spec["replicas"]?.GetValue<int>() ?? 1;
        var ordered = spec["podManagementPolicy"]?.GetValue<string>() != "Parallel";
        var update = await RevisionAsync(set, spec["template"] as JsonObject ?? [], cancellationToken);
        var currentName = set.View["status"]?["currentRevision"]?.GetValue<string>() ?? update.Name;
        var current = Client.Get(BuiltInResources.ControllerRevisions, set.Namespace, currentName) ?? update;
        var partition = spec["updateStrategy"]?["type"]?.GetValue<string>() == "OnDelete" ? int.MaxValue : spec["updateStrategy"]?["rollingUpdate"]?["partition"]?.GetValue<int>() ?? 0;
        var pods = Client.List(BuiltInResources.Pods, set.Namespace).Items.Where(p => WorkloadPods.ControllerUid(p.View) == set.Uid())
            .Select(p => (Ordinal: Ordinal(set.Name, p.Name), Pod: p)).Where(p => p.Ordinal >= 0).ToDictionary(p => p.Ordinal, p => p.Pod);

        // Terminal pods are deleted to be made again; missing ones are made, in order for OrderedReady.
        foreach (var (ordinal, pod) in pods.Where(p => WorkloadPods.Phase(p.Value) is "Failed" or "Succeeded" && !p.Value.IsDeleting()).ToList())
        {
            await DeletePodAsync(set, pod, cancellationToken);
            pods.Remove(ordinal);
        }
        var blocked = false;
        for (var ordinal = 0; ordinal < replicas && !blocked; ordinal++)
        {
            if (!pods.TryGetValue(ordinal, out var pod))
            {
                pods[ordinal] = pod = await CreatePodAsync(set, spec, ordinal, ordinal < partition ? current : update, cancellationToken);
            }
            blocked = ordered && !RunningAndReady(pod);
        }
        if (!blocked)
        {
            // Scale down from the highest ordinal; OrderedReady one at a time.
            foreach (var (ordinal, pod) in pods.Where(p => p.Key >= replicas).OrderByDescending(p => p.Key).ToList())
            {
                if (pod.IsDeleting()) { blocked = ordered; }
                else { await DeletePodAsync(set, pod, cancellationToken); blocked = ordered; }
                if (blocked) break;
            }
        }
        if (!blocked && pods.Where(p => p.Key < replicas).All(p => RunningAndReady(p.Value)))
        {
            // RollingUpdate: the highest ordinal not yet at the update revision goes (it comes back from the new template).
            var stale = pods.Where(p => p.Key < replicas && p.Key >= partition && p.Value.Labels.GetValueOrDefault(RevisionLabel) != update.Name).OrderByDescending(p => p.Key).FirstOrDefault();
            if (stale.Value is not null) await DeletePodAsync(set, stale.Value, cancellationToken);
        }
        await WriteStatusAsync(set, [.. pods.Where(p => p.Key < replicas).Select(p => Client.Get(p.Value.Type, p.Value.Namespace, p.Value.Name)).OfType<StoredObject>()], current.Name, update.Name, replicas, cancellationToken);
    }

    private static int Ordinal(string set, string pod) =>
        pod.StartsWith(set + "-", StringComparison.Ordinal) && int.TryParse(pod.AsSpan(set.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>The ControllerRevision of <paramref name="template"/> (<c>&lt;set&gt;-&lt;hash&gt;</c>), made when new.</summary>
    private async Task<StoredObject> RevisionAsync(StoredObject set, JsonObject template, CancellationToken cancellationToken)
    {
        var name = $"{set.Name}-{RolloutMath.TemplateHash(template)}";
        if (Client.Get(BuiltInResources.ControllerRevisions, set.Namespace, name) is { } existing) return existing;
        var revisions = Client.List(BuiltInResources.ControllerRevisions, set.Namespace).Items.Where(r => WorkloadPods.ControllerUid(r.View) == set.Uid());
        var next = revisions.Select(r => r.View["revision"]?.GetValue<long>() ?? 0).DefaultIfEmpty(0).Max() + 1;
        var labels = set.View["spec"]?["selector"]?["matchLabels"]?.DeepClone() as JsonObject ?? [];
        labels[RevisionLabel] = name;
        return await Client.CreateIfAbsentAsync(BuiltInResources.ControllerRevisions, set.Namespace, name, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject { ["labels"] = labels, ["ownerReferences"] = new JsonArray(WorkloadPods.ControllerRef(set)) },
            ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = RolloutMath.Semantic(template)!.DeepClone(), ["$patch"] = "replace" } },
            ["revision"] = next,
        }, cancellationToken);
    }

    private async Task<StoredObject> CreatePodAsync(StoredObject set, JsonObject spec, int ordinal, StoredObject revision, CancellationToken cancellationToken)
    {
        var podName = $"{set.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";
        var template = revision.View["data"]?["spec"]?["template"] as JsonObject ?? spec["template"] as JsonObject;
        var pod = WorkloadPods.FromTemplate(set, template, "");
        var metadata = Meta.Of(pod);
        metadata.Remove("generateName");
        metadata["name"] = podName;
        var labels = metadata["labels"] as JsonObject ?? [];
        labels[RevisionLabel] = revision.Name;
        labels["statefulset.kubernetes.io/pod-name"] = podName;
        labels["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture);
        metadata["labels"] = labels.DeepClone();
        var podSpec = (JsonObject)pod["spec"]!;
        podSpec["hostname"] = podName;
        if (spec["serviceName"]?.GetValue<string>() is { Length: > 0 } service) podSpec["subdomain"] = service;
        var volumes = (podSpec["volumes"] as JsonArray ?? []).OfType<JsonObject>().Select(v => (JsonObject)v.DeepClone()).ToList();
        foreach (var claim in (spec["volumeClaimTemplates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var claimName = claim["metadata"]?["name"]?.GetValue<string>() ?? "";
            var pvcName = $"{claimName}-{podName}";
            await ClaimAsync(set, claim, pvcName, podName, cancellationToken);
            volumes.RemoveAll(v => v["name"]?.GetValue<string>() == claimName);
            volumes.Add(new JsonObject { ["name"] = claimName, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = pvcName } });
        }
        if (volumes.Count > 0) podSpec["volumes"] = new JsonArray([.. volumes]);
        var created = await Client.CreateAsync(BuiltInResources.Pods, set.Namespace, pod, cancellationToken);
        await events.RecordAsync(set, "Normal", "SuccessfulCreate", $"create Pod {podName} in StatefulSet {set.Name} successful", cancellationToken);
        return created;
    }

    /// <summary>The claim of one pod from a volumeClaimTemplate, made when absent (it stays Pending until something provisions it).</summary>
    private async Task ClaimAsync(StoredObject set, JsonObject claim, string pvcName, string podName, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.PersistentVolumeClaims, set.Namespace, pvcName) is not null) return;
        var metadata = claim["metadata"]?.DeepClone() as JsonObject ?? [];
        metadata.Remove("namespace");
        var labels = metadata["labels"] as JsonObject ?? [];
        foreach (var (k, v) in set.View["spec"]?["selector"]?["matchLabels"] as JsonObject ?? []) labels[k] = v?.DeepClone();
        metadata["labels"] = labels.DeepClone();
        await Client.CreateIfAbsentAsync(BuiltInResources.PersistentVolumeClaims, set.Namespace, pvcName, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = metadata,
            ["spec"] = claim["spec"]?.DeepClone() ?? new JsonObject(),
        }, cancellationToken);
        await events.RecordAsync(set, "Normal", "SuccessfulCreate", $"create Claim {pvcName} Pod {podName} in StatefulSet {set.Name} success", cancellationToken);
    }

    private async Task DeletePodAsync(StoredObject set, StoredObject pod, CancellationToken cancellationToken)
    {
        if (await Client.DeleteAsync(pod, cancellationToken: cancellationToken))
            await events.RecordAsync(set, "Normal", "SuccessfulDelete", $"delete Pod {pod.Name} in StatefulSet {set.Name} successful", cancellationToken);
    }

    private async Task WriteStatusAsync(StoredObject set, List<StoredObject> pods, string currentRevision, string updateRevision, int replicas, CancellationToken cancellationToken)
    {
        var now = Context.Time.GetUtcNow();
        var minReady = set.View["spec"]?["minReadySeconds"]?.GetValue<int>() ?? 0;
        var live = pods.Where(p => !p.IsDeleting()).ToList();
        var updated = live.Count(p => p.Labels.GetValueOrDefault(RevisionLabel) == updateRevision);
        // The update is done once every wanted pod is at the update revision: it becomes the current one.
        if (updated == replicas && live.Count == replicas && live.All(RunningAndReady)) currentRevision = updateRevision;
        var currentCount = live.Count(p => p.Labels.GetValueOrDefault(RevisionLabel) == currentRevision);
        var fresh = Client.Get(set.Type, set.Namespace, set.Name);
        if (fresh is null || fresh.Uid() != set.Uid()) return;
        await Client.UpdateStatusAsync(fresh, o =>
        {
            var status = new JsonObject
            {
                ["observedGeneration"] = o["metadata"]?["generation"]?.GetValue<long>() ?? 1,
                ["replicas"] = live.Count,
            };
            var ready = live.Count(p => WorkloadPods.ReadyCondition(p) is not null);
            if (ready > 0) status["readyReplicas"] = ready;
            if (currentCount > 0) status["currentReplicas"] = currentCount;
            if (updated > 0) status["updatedReplicas"] = updated;
            status["currentRevision"] = currentRevision;
            status["updateRevision"] = updateRevision;
            status["collisionCount"] = 0;
            status["availableReplicas"] = live.Count(p => WorkloadPods.IsAvailable(p, minReady, now));
            o["status"] = status;
        }, cancellationToken);
    }
}
