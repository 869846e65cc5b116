using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>Why a node does not fit a pod: the reasons of the first filter that failed, and whether preemption could help.</summary>
public sealed record NodeVerdict(IReadOnlyList<string> Reasons, bool Resolvable);

/// <summary>
/// kube-scheduler's filter plugins in their default order (NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts,
/// NodeResourcesFit); a node is judged by the first that fails, with that plugin's reasons and status code.
/// </summary>
public static class NodeFilters
{
    /// <summary>The reasons of the node affinity filter (ErrReasonPod).</summary>
    public const string AffinityMismatch = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>Null when <paramref name="node"/> fits <paramref name="pod"/> whose requests are <paramref name="requests"/>; otherwise why not.</summary>
    public static NodeVerdict? Check(JsonObject pod, IReadOnlyDictionary<string, decimal> requests, NodeState node)
    {
        var tolerations = Taint.TolerationsOf(pod);
        if (node.Unschedulable && !Taint.Unschedulable.IsToleratedBy(tolerations))
            return new NodeVerdict(["node(s) were unschedulable"], false);
        // A node that is not Ready carries the not-ready taint the node lifecycle controller adds.
        var taints = node.Ready ? node.Taints : [.. node.Taints, Taint.NotReady];
        if (taints.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !t.IsToleratedBy(tolerations)) is { } untolerated)
            return new NodeVerdict([$"node(s) had untolerated taint {{{untolerated.Key}: {untolerated.Value}}}"], false);
        if (!NodeAffinity.Matches(pod, node.Name, node.Labels))
            return new NodeVerdict([AffinityMismatch], false);
        var ports = HostPort.Of(pod).ToList();
        if (ports.Any(p => node.HostPorts.Any(p.ConflictsWith)))
            return new NodeVerdict(["node(s) didn't have free ports for the requested pod ports"], true);
        return Resources(requests, node) is { Count: > 0 } insufficient ? new NodeVerdict(insufficient, true) : null;
    }

    /// <summary>NodeResourcesFit: too many pods, then each requested resource the node has not got enough of.</summary>
    private static List<string> Resources(IReadOnlyDictionary<string, decimal> requests, NodeState node)
    {
        var reasons = new List<string>();
        if (node.PodCount + 1 > node.Allocatable.GetValueOrDefault("pods")) reasons.Add("Too many pods");
        foreach (var (name, wanted) in requests.OrderBy(r => Rank(r.Key)).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            if (wanted <= 0 || name == "pods") continue;
            if (wanted > node.Allocatable.GetValueOrDefault(name) - node.Requested.GetValueOrDefault(name)) reasons.Add($"Insufficient {name}");
        }
        return reasons;
    }

    private static int Rank(string resource) => resource switch
    {
        "cpu" => 0,
        "memory" => 1,
        "ephemeral-storage" => 2,
        _ => 3,
    };

    /// <summary>
    /// NodeResourcesLeastAllocated: the mean over cpu and memory of the share left free after placing the pod, 0–100.
    /// Requests of zero count as the scheduler's non-zero defaults (100m cpu, 200Mi memory), so empty pods still spread.
    /// </summary>
    public static decimal Score(IReadOnlyDictionary<string, decimal> requests, NodeState node)
    {
        decimal Free(string name, decimal fallback)
        {
            var allocatable = node.Allocatable.GetValueOrDefault(name);
            if (allocatable <= 0) return 0;
            var wanted = requests.GetValueOrDefault(name) is > 0 and var w ? w : fallback;
            return Math.Max(0, allocatable - node.Requested.GetValueOrDefault(name) - wanted) * 100 / allocatable;
        }
        return (Free("cpu", 0.1m) + Free("memory", 200m * 1024 * 1024)) / 2;
    }
}
