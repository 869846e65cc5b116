using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The deployment controller (pkg/controller/deployment): one ReplicaSet per pod template, named
/// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c> with the hash label on it, its selector and its pods, and the
/// <c>deployment.kubernetes.io/revision</c> annotation (a template seen before — <c>rollout undo</c> — takes the next
/// revision); RollingUpdate within maxSurge/maxUnavailable, or Recreate; paused; the status summed from the sets; the
/// Available and Progressing conditions with the real reasons (ProgressDeadlineExceeded after
/// progressDeadlineSeconds); ScalingReplicaSet events; old sets beyond revisionHistoryLimit deleted.
/// </summary>
public sealed class DeploymentController(ControllerContext context)
    : OwnedWorkloadLoop(context, BuiltInResources.Deployments, BuiltInResources.ReplicaSets)
{
    /// <summary>The revision annotation on a Deployment and its ReplicaSets.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    private readonly EventRecorder events = new(context.Client, context.Time, "deployment-controller");

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } deployment || deployment.IsDeleting()) return;
        var spec = deployment.View["spec"] as JsonObject ?? [];
        var desired = spec["replicas"]?.GetValue<int>() ?? 1;
        var paused = spec["paused"]?.GetValue<bool>() == true;
        var owned = Client.List(BuiltInResources.ReplicaSets, key.Namespace).Items.Where(rs => WorkloadPods.ControllerUid(rs.View) == deployment.Uid()).ToList();
        var newRs = owned.FirstOrDefault(rs => RolloutMath.EqualIgnoringHash(rs.View["spec"]?["template"], spec["template"]));
        var old = owned.Where(rs => rs != newRs).OrderBy(Revision).ToList();
        var created = false;
        if (!paused)
        {
            if (newRs is null)
            {
                newRs = await CreateNewReplicaSetAsync(deployment, old, cancellationToken);
                created = true;
            }
            else if (old.Count > 0 && Revision(newRs) <= old.Max(Revision))
            {
                // A template seen before (rollout undo) becomes the newest revision again.
                var next = (old.Max(Revision) + 1).ToString(CultureInfo.InvariantCulture);
                newRs = await Client.UpdateAsync(newRs, o => Meta.Of(o)["annotations"]![RevisionAnnotation] = next, cancellationToken: cancellationToken);
            }
            // The Deployment carries its newest revision too (SetDeploymentRevision), as kubectl describe shows it.
            var revision = Revision(newRs).ToString(CultureInfo.InvariantCulture);
            if (deployment.Annotations.GetValueOrDefault(RevisionAnnotation) != revision)
            {
                deployment = await Client.UpdateAsync(deployment, o =>
                {
                    var annotations = Meta.Of(o)["annotations"] as JsonObject ?? [];
                    annotations[RevisionAnnotation] = revision;
                    Meta.Of(o)["annotations"] = annotations.DeepClone();
                }, cancellationToken: cancellationToken);
            }
            if (IsRecreate(spec)) await RecreateAsync(deployment, newRs, old, desired, cancellationToken);
            else await RollAsync(deployment, newRs, old, desired, cancellationToken);
            await CleanUpAsync(spec, old, cancellationToken);
        }
        if (await DeploymentStatus.WriteAsync(Client, Context.Time, deployment, newRs, old, created, cancellationToken) is { } recheck)
            EnqueueAt(key, recheck);
    }

    private static bool IsRecreate(JsonObject spec) => spec["strategy"]?["type"]?.GetValue<string>() == "Recreate";

    /// <summary>The revision annotation as a number (0 when absent).</summary>
    public static long Revision(StoredObject rs) =>
        long.TryParse(rs.Annotations.GetValueOrDefault(RevisionAnnotation), CultureInfo.InvariantCulture, out var r) ? r : 0;

    private static int SpecReplicas(StoredObject rs) => rs.View["spec"]?["replicas"]?.GetValue<int>() ?? 1;

    private static int StatusCount(StoredObject rs, string field) => rs.View["status"]?[field]?.GetValue<int>() ?? 0;

    private async Task<StoredObject> CreateNewReplicaSetAsync(StoredObject deployment, List<StoredObject> old, CancellationToken cancellationToken)
    {
        var spec = (JsonObject)deployment.View["spec"]!;
        var collisions = deployment.View["status"]?["collisionCount"]?.GetValue<long>() ?? 0;
        var hash = RolloutMath.TemplateHash(spec["template"], collisions);
        var template = RolloutMath.WithoutHash(spec["template"]);
        var templateMeta = Meta.Of(template);
        var labels = templateMeta["labels"] as JsonObject ?? [];
        labels[RolloutMath.HashLabel] = hash;
        templateMeta["labels"] = labels.DeepClone();
        var selector = spec["selector"]?.DeepClone() as JsonObject ?? [];
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        matchLabels[RolloutMath.HashLabel] = hash;
        selector["matchLabels"] = matchLabels.DeepClone();
        var desired = spec["replicas"]?.GetValue<int>() ?? 1;
        var annotations = new JsonObject();
        foreach (var (k, v) in deployment.Annotations)
            if (k is "kubernetes.io/change-cause") annotations[k] = v;
        annotations["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture);
        annotations["deployment.kubernetes.io/max-replicas"] = (desired + (IsRecreate(spec) ? 0 : RolloutMath.Fenceposts(deployment.View, desired).Surge)).ToString(CultureInfo.InvariantCulture);
        annotations[RevisionAnnotation] = ((old.Count == 0 ? 0 : old.Max(Revision)) + 1).ToString(CultureInfo.InvariantCulture);
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name}-{hash}",
                ["labels"] = labels.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(WorkloadPods.ControllerRef(deployment)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["minReadySeconds"] = spec["minReadySeconds"]?.DeepClone() ?? 0,
                ["selector"] = selector,
                ["template"] = template,
            },
        };
        return await Client.CreateAsync(BuiltInResources.ReplicaSets, deployment.Namespace, rs, cancellationToken);
    }

    /// <summary>Scales one set, with the ScalingReplicaSet event the real controller records.</summary>
    private async Task<StoredObject> ScaleAsync(StoredObject deployment, StoredObject rs, int to, CancellationToken cancellationToken)
    {
        var from = SpecReplicas(rs);
        if (from == to) return rs;
        var updated = await Client.UpdateAsync(rs, o => o["spec"]!["replicas"] = to, cancellationToken: cancellationToken);
        var direction = to > from ? "up" : "down";
        await events.RecordAsync(deployment, "Normal", "ScalingReplicaSet", $"Scaled {direction} replica set {rs.Name} from {from} to {to}", cancellationToken);
        return updated;
    }

    /// <summary>RollingUpdate (rolling.go): the new set grows within maxSurge, old sets shrink while maxUnavailable allows.</summary>
    private async Task RollAsync(StoredObject deployment, StoredObject newRs, List<StoredObject> old, int desired, CancellationToken cancellationToken)
    {
        var (surge, unavailable) = RolloutMath.Fenceposts(deployment.View, desired);
        var all = old.Append(newRs).ToList();
        var newReplicas = SpecReplicas(newRs);
        if (newReplicas > desired)
        {
            newRs = await ScaleAsync(deployment, newRs, desired, cancellationToken);
        }
        else if (newReplicas < desired)
        {
            var current = all.Sum(SpecReplicas);
            var room = desired + surge - current;
            if (room > 0) newRs = await ScaleAsync(deployment, newRs, newReplicas + Math.Min(room, desired - newReplicas), cancellationToken);
        }
        var oldCount = old.Sum(SpecReplicas);
        if (oldCount == 0) return;
        var minAvailable = desired - unavailable;
        var newUnavailable = SpecReplicas(newRs) - StatusCount(newRs, "availableReplicas");
        var total = old.Sum(SpecReplicas) + SpecReplicas(newRs);
        var budget = total - minAvailable - newUnavailable;
        if (budget <= 0) return;
        // Unhealthy old pods go first, then available ones while enough stay available.
        for (var i = 0; i < old.Count && budget > 0; i++)
        {
            var unhealthy = SpecReplicas(old[i]) - StatusCount(old[i], "availableReplicas");
            if (unhealthy <= 0) continue;
            var cut = Math.Min(unhealthy, budget);
            old[i] = await ScaleAsync(deployment, old[i], SpecReplicas(old[i]) - cut, cancellationToken);
            budget -= cut;
        }
        var availableNow = old.Sum(rs => Math.Min(SpecReplicas(rs), StatusCount(rs, "availableReplicas"))) + StatusCount(newRs, "availableReplicas");
        var scaleDown = availableNow - minAvailable;
        for (var i = 0; i < old.Count && scaleDown > 0; i++)
        {
            var cut = Math.Min(SpecReplicas(old[i]), scaleDown);
            if (cut == 0) continue;
            old[i] = await ScaleAsync(deployment, old[i], SpecReplicas(old[i]) - cut, cancellationToken);
            scaleDown -= cut;
        }
    }

    /// <summary>Recreate (recreate.go): every old set to zero, and the new set scaled up only once no old pod is left.</summary>
    private async Task RecreateAsync(StoredObject deployment, StoredObject newRs, List<StoredObject> old, int desired, CancellationToken cancellationToken)
    {
        for (var i = 0; i < old.Count; i++) old[i] = await ScaleAsync(deployment, old[i], 0, cancellationToken);
        if (old.Any(rs => StatusCount(rs, "replicas") > 0)) return;
        await ScaleAsync(deployment, newRs, desired, cancellationToken);
    }

    /// <summary>Deletes the oldest scaled-down sets beyond revisionHistoryLimit (default 10).</summary>
    private async Task CleanUpAsync(JsonObject spec, List<StoredObject> old, CancellationToken cancellationToken)
    {
        var limit = spec["revisionHistoryLimit"]?.GetValue<int>() ?? 10;
        var idle = old.Where(rs => SpecReplicas(rs) == 0 && StatusCount(rs, "replicas") == 0 && !rs.IsDeleting()).OrderBy(Revision).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - limit))) await Client.DeleteAsync(rs, cancellationToken: cancellationToken);
    }
}
