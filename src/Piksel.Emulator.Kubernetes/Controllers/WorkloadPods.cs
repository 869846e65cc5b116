using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>What the workload controllers read of pods and write into the objects they own (controller/controller_utils.go).</summary>
public static class WorkloadPods
{
    /// <summary>The controller ownerReference pointing at <paramref name="owner"/> (controller and blockOwnerDeletion true).</summary>
    public static JsonObject ControllerRef(StoredObject owner) => new()
    {
        ["apiVersion"] = owner.Type.Group.Length == 0 ? owner.Type.Version : $"{owner.Type.Group}/{owner.Type.Version}",
        ["kind"] = owner.Type.Kind,
        ["name"] = owner.Name,
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The uid of the object's controller (the ownerReference with controller: true), or null.</summary>
    public static string? ControllerUid(JsonObject o) =>
        (o["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"]?.GetValue<bool>() == true)?["uid"]?.GetValue<string>();

    /// <summary>The phase (Pending when not yet reported).</summary>
    public static string Phase(StoredObject pod) => pod.View["status"]?["phase"]?.GetValue<string>() ?? "Pending";

    /// <summary>True for a pod that still counts: not terminal and not being deleted (FilterActivePods).</summary>
    public static bool IsActive(StoredObject pod) => !pod.IsDeleting() && Phase(pod) is not ("Succeeded" or "Failed");

    /// <summary>The pod's Ready condition, when it is True.</summary>
    public static JsonObject? ReadyCondition(StoredObject pod) =>
        (pod.View["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    /// <summary>True when the pod is ready and has been for <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(StoredObject pod, int minReadySeconds, DateTimeOffset now)
    {
        if (ReadyCondition(pod) is null) return false;
        if (minReadySeconds <= 0) return true;
        return ReadySince(pod) is { } since && since.AddSeconds(minReadySeconds) <= now;
    }

    /// <summary>When the pod's Ready condition last turned True, or null when it is not ready.</summary>
    public static DateTimeOffset? ReadySince(StoredObject pod) =>
        ReadyCondition(pod) is { } ready && DateTimeOffset.TryParse(ready["lastTransitionTime"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : null;

    /// <summary>
    /// The order pods are deleted in on scale-down (ActivePodsWithRanks): unscheduled before scheduled, Pending before
    /// Running, not ready before ready, then the most recently created first.
    /// </summary>
    public static IEnumerable<StoredObject> DeletionOrder(IEnumerable<StoredObject> pods) => pods
        .OrderBy(p => string.IsNullOrEmpty(p.View["spec"]?["nodeName"]?.GetValue<string>()) ? 0 : 1)
        .ThenBy(p => Phase(p) switch { "Pending" => 0, "Unknown" => 1, _ => 2 })
        .ThenBy(p => ReadyCondition(p) is null ? 0 : 1)
        .ThenByDescending(p => p.View["metadata"]?["creationTimestamp"]?.GetValue<string>(), StringComparer.Ordinal)
        .ThenByDescending(p => p.ResourceVersion);

    /// <summary>A pod for <paramref name="owner"/> from its template: the template's labels, annotations and spec, and the controller reference.</summary>
    public static JsonObject FromTemplate(StoredObject owner, JsonObject? template, string generateName)
    {
        var metadata = template?["metadata"]?.DeepClone() as JsonObject ?? [];
        metadata.Remove("name");
        metadata.Remove("namespace");
        metadata["generateName"] = generateName;
        metadata["ownerReferences"] = new JsonArray(ControllerRef(owner));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template?["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
