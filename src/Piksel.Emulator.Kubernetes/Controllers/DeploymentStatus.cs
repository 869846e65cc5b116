using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// A Deployment's status as sync.go and progress.go compute it from its ReplicaSets: the counts, and the Available and
/// Progressing conditions with the real reasons and messages (what <c>kubectl rollout status</c> reads).
/// </summary>
public static class DeploymentStatus
{
    /// <summary>Writes the status of <paramref name="deployment"/>.</summary>
    public static async Task WriteAsync(IControllerClient client, TimeProvider time, StoredObject deployment, StoredObject? newRs, List<StoredObject> old, bool created, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stamp = Meta.Timestamp(now);
        // Counts from the sets as stored now (the replica set controller may have reported since they were read).
        var sets = old.Select(rs => client.Get(rs.Type, rs.Namespace, rs.Name) ?? rs).ToList();
        if (newRs is not null) newRs = client.Get(newRs.Type, newRs.Namespace, newRs.Name) ?? newRs;
        var all = newRs is null ? sets : [.. sets, newRs];
        int Sum(IEnumerable<StoredObject> s, string field) => s.Sum(rs => rs.View["status"]?[field]?.GetValue<int>() ?? 0);
        var spec = deployment.View["spec"] as JsonObject ?? [];
        var desired = spec["replicas"]?.GetValue<int>() ?? 1;
        var replicas = Sum(all, "replicas");
        var updated = newRs is null ? 0 : Sum([newRs], "replicas");
        var ready = Sum(all, "readyReplicas");
        var available = Sum(all, "availableReplicas");
        var totalSpec = all.Sum(rs => rs.View["spec"]?["replicas"]?.GetValue<int>() ?? 0);
        var unavailable = Math.Max(0, totalSpec - available);
        var maxUnavailable = spec["strategy"]?["type"]?.GetValue<string>() == "Recreate" ? 0 : RolloutMath.Fenceposts(deployment.View, desired).Unavailable;
        var generation = deployment.View["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        var oldStatus = deployment.View["status"] as JsonObject;

        var availableCondition = available >= desired - maxUnavailable
            ? WorkloadConditions.Make("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", stamp)
            : WorkloadConditions.Make("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", stamp);
        var rsName = newRs?.Name ?? "";
        var complete = updated == desired && replicas == desired && available == desired;
        JsonObject progressing;
        if (spec["paused"]?.GetValue<bool>() == true)
            progressing = WorkloadConditions.Make("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", stamp);
        else if (complete)
            progressing = WorkloadConditions.Make("Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", stamp);
        else if (created)
            progressing = WorkloadConditions.Make("Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{rsName}\"", stamp);
        else if (DeadlineExceeded(oldStatus, spec, now))
            progressing = WorkloadConditions.Make("Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.", stamp);
        else
            progressing = WorkloadConditions.Make("Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", stamp);

        var current = client.Get(deployment.Type, deployment.Namespace, deployment.Name);
        if (current is null || current.Uid() != deployment.Uid()) return;
        await client.UpdateStatusAsync(current, o =>
        {
            var status = new JsonObject { ["observedGeneration"] = generation };
            // Zero counts are left out (omitempty).
            if (replicas > 0) status["replicas"] = replicas;
            if (updated > 0) status["updatedReplicas"] = updated;
            if (ready > 0) status["readyReplicas"] = ready;
            if (available > 0) status["availableReplicas"] = available;
            if (unavailable > 0) status["unavailableReplicas"] = unavailable;
            status["conditions"] = WorkloadConditions.Merge(oldStatus, availableCondition, progressing);
            if (oldStatus?["collisionCount"] is { } collisions) status["collisionCount"] = collisions.DeepClone();
            o["status"] = status;
        }, cancellationToken);
    }

    /// <summary>True when the rollout has made no progress for progressDeadlineSeconds (default 600) since the condition last changed.</summary>
    private static bool DeadlineExceeded(JsonObject? oldStatus, JsonObject spec, DateTimeOffset now)
    {
        var deadline = spec["progressDeadlineSeconds"]?.GetValue<int>() ?? 600;
        var previous = (oldStatus?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Progressing");
        if (previous?["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded") return true;
        return DateTimeOffset.TryParse(previous?["lastUpdateTime"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
            && since.AddSeconds(deadline) < now;
    }
}
