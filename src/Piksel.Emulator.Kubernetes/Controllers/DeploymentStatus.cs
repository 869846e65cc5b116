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
    /// <summary>
    /// Writes the status of <paramref name="deployment"/>; returns when to look again for a rollout that has a progress
    /// deadline still to run out (null when none is running).
    /// </summary>
    public static async Task<DateTimeOffset?> WriteAsync(IControllerClient client, TimeProvider time, StoredObject deployment, StoredObject? newRs, List<StoredObject> old, bool created, CancellationToken cancellationToken)
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

        var conditions = WorkloadConditions.Merge(oldStatus, availableCondition, progressing);
        // Progress (DeploymentProgressing: more updated, ready or available pods, fewer old ones) restarts the deadline.
        if (progressing["reason"]!.GetValue<string>() == "ReplicaSetUpdated" && Progressed(oldStatus, updated, ready, available, replicas - updated))
            progressing["lastUpdateTime"] = stamp;
        var current = client.Get(deployment.Type, deployment.Namespace, deployment.Name);
        if (current is null || current.Uid() != deployment.Uid()) return null;
        await client.UpdateStatusAsync(current, o =>
        {
            var status = new JsonObject { ["observedGeneration"] = generation };
            // Zero counts are left out (omitempty).
            if (replicas > 0) status["replicas"] = replicas;
            if (updated > 0) status["updatedReplicas"] = updated;
            if (ready > 0) status["readyReplicas"] = ready;
            if (available > 0) status["availableReplicas"] = available;
            if (unavailable > 0) status["unavailableReplicas"] = unavailable;
            status["conditions"] = conditions;
            if (oldStatus?["collisionCount"] is { } collisions) status["collisionCount"] = collisions.DeepClone();
            o["status"] = status;
        }, cancellationToken);
        if (progressing["status"]!.GetValue<string>() != "True" || complete || spec["progressDeadlineSeconds"]?.GetValue<int>() is int.MaxValue) return null;
        var since = DateTimeOffset.Parse(progressing["lastUpdateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        // The deadline is passed strictly after it ends (progress.go checks from+deadline before now).
        return since.AddSeconds((spec["progressDeadlineSeconds"]?.GetValue<int>() ?? 600) + 1);
    }

    private static bool Progressed(JsonObject? oldStatus, int updated, int ready, int available, int oldReplicas)
    {
        int Old(string field) => oldStatus?[field]?.GetValue<int>() ?? 0;
        return updated > Old("updatedReplicas") || ready > Old("readyReplicas") || available > Old("availableReplicas")
            || oldReplicas < Old("replicas") - Old("updatedReplicas");
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
