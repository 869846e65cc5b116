using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// What the daemon set controller decides per node and puts into the pods it makes (pkg/controller/daemon/util): the
/// pod of a node is pinned to it through required node affinity on <c>metadata.name</c> (the scheduler binds it, as
/// since Kubernetes 1.12) and tolerates what every daemon pod tolerates.
/// </summary>
public static class DaemonSetPods
{
    /// <summary>The label naming the template revision a daemon pod was made from.</summary>
    public const string RevisionLabel = "controller-revision-hash";

    private static readonly (string Key, string Effect)[] AutoTolerations =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];

    /// <summary>
    /// Whether a daemon pod should be placed on <paramref name="node"/> and whether one there may keep running
    /// (NodeShouldRunDaemonPod): the template's node selector and affinity must match; an untolerated NoSchedule taint
    /// stops new pods, an untolerated NoExecute taint evicts. EKS runs no daemon set pod on a Fargate node.
    /// </summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) Placement(JsonObject template, StoredObject node)
    {
        if (node.Labels.TryGetValue("eks.amazonaws.com/compute-type", out var compute) && compute == "fargate") return (false, false);
        var pod = NewPod(template, node.Name);
        if (!NodeAffinity.Matches(pod, node.Name, node.Labels)) return (false, false);
        var tolerations = Taint.TolerationsOf(pod);
        var untolerated = Taint.Of(node.View).Where(t => !t.IsToleratedBy(tolerations)).ToList();
        if (untolerated.Any(t => t.Effect == "NoExecute")) return (false, false);
        if (untolerated.Any(t => t.Effect == "NoSchedule")) return (false, true);
        return (true, true);
    }

    /// <summary>The node a daemon pod is for: where it is bound, else the node its affinity pins it to.</summary>
    public static string? NodeOf(StoredObject pod)
    {
        if (pod.View["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } bound) return bound;
        var terms = pod.View["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;
        return terms?.OfType<JsonObject>().SelectMany(t => t["matchFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(f => f["key"]?.GetValue<string>() == "metadata.name" && f["operator"]?.GetValue<string>() == "In")
            .Select(f => (f["values"] as JsonArray)?.Count == 1 ? f["values"]![0]?.GetValue<string>() : null).FirstOrDefault(n => n is not null);
    }

    /// <summary>
    /// The pod spec-and-metadata for <paramref name="nodeName"/> from <paramref name="template"/>: the daemon tolerations
    /// added (network-unavailable too for hostNetwork pods) and every node selector term's matchFields replaced by
    /// <c>metadata.name In [node]</c> (ReplaceDaemonSetPodNodeNameNodeAffinity).
    /// </summary>
    public static JsonObject NewPod(JsonObject template, string nodeName)
    {
        var pod = (JsonObject)template.DeepClone();
        var spec = pod["spec"] as JsonObject ?? (JsonObject)(pod["spec"] = new JsonObject());
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        var wanted = AutoTolerations.ToList();
        if (spec["hostNetwork"]?.GetValue<bool>() == true) wanted.Add(("node.kubernetes.io/network-unavailable", "NoSchedule"));
        foreach (var (key, effect) in wanted)
        {
            var present = tolerations.OfType<JsonObject>().Any(t => t["key"]?.GetValue<string>() == key && t["effect"]?.GetValue<string>() == effect);
            if (!present) tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
        }
        spec["tolerations"] = tolerations.DeepClone();
        var pin = new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "In", ["values"] = new JsonArray(nodeName) });
        var affinity = spec["affinity"] as JsonObject ?? (JsonObject)(spec["affinity"] = new JsonObject());
        var nodeAffinity = affinity["nodeAffinity"] as JsonObject ?? (JsonObject)(affinity["nodeAffinity"] = new JsonObject());
        var required = nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] as JsonObject;
        var terms = (required?["nodeSelectorTerms"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (terms.Count == 0) terms.Add(new JsonObject());
        foreach (var term in terms) term["matchFields"] = pin.DeepClone();
        nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject { ["nodeSelectorTerms"] = new JsonArray([.. terms.Select(t => t.DeepClone())]) };
        return pod;
    }
}
