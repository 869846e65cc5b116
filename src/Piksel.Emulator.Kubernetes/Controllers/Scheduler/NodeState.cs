using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>
/// A node as the scheduler's cache holds it: labels, taints, readiness, allocatable, and what the pods already bound to
/// it (and not finished) request and which host ports they hold.
/// </summary>
public sealed class NodeState
{
    private NodeState(StoredObject node)
    {
        var view = node.View;
        Name = node.Name;
        Labels = node.Labels;
        Taints = Taint.Of(view);
        Unschedulable = view["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var b) && b;
        Ready = IsReady(view);
        Allocatable = PodResources.Quantities(view["status"]?["allocatable"] as JsonObject);
    }

    /// <summary>The node's name.</summary>
    public string Name { get; }

    /// <summary>The node's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>spec.taints.</summary>
    public IReadOnlyList<Taint> Taints { get; }

    /// <summary>spec.unschedulable (cordoned).</summary>
    public bool Unschedulable { get; }

    /// <summary>The Ready condition is True.</summary>
    public bool Ready { get; }

    /// <summary>status.allocatable.</summary>
    public IReadOnlyDictionary<string, decimal> Allocatable { get; }

    /// <summary>The sum of the requests of the pods bound here.</summary>
    public Dictionary<string, decimal> Requested { get; } = new(StringComparer.Ordinal);

    /// <summary>How many pods are bound here.</summary>
    public int PodCount { get; private set; }

    /// <summary>The host ports in use: protocol, host IP, port.</summary>
    public List<HostPort> HostPorts { get; } = [];

    /// <summary>True when the node object's Ready condition is True.</summary>
    public static bool IsReady(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;

    /// <summary>The nodes with the non-terminal pods bound to each accounted for.</summary>
    public static List<NodeState> Snapshot(IEnumerable<StoredObject> nodes, IEnumerable<StoredObject> pods)
    {
        var states = nodes.Select(n => new NodeState(n)).ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.View["spec"]?["nodeName"]?.GetValue<string>() is not { Length: > 0 } nodeName || !states.TryGetValue(nodeName, out var state)) continue;
            if (WorkloadPods.Phase(pod) is "Succeeded" or "Failed") continue;
            state.Add(pod.View);
        }
        return [.. states.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Accounts for one more pod on the node (what assume does after a bind).</summary>
    public void Add(JsonObject pod)
    {
        PodCount++;
        foreach (var (name, value) in PodResources.Requests(pod)) Requested[name] = Requested.GetValueOrDefault(name) + value;
        HostPorts.AddRange(HostPort.Of(pod));
    }
}

/// <summary>A host port a container asks for (hostIP 0.0.0.0 when unset, protocol TCP when unset).</summary>
public sealed record HostPort(string Protocol, string HostIp, int Port)
{
    /// <summary>The host ports of a pod's containers.</summary>
    public static IEnumerable<HostPort> Of(JsonObject pod) =>
        (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(p => p["hostPort"] is JsonValue v && v.TryGetValue<int>(out var port) && port > 0)
            .Select(p => new HostPort(
                p["protocol"]?.GetValue<string>() is { Length: > 0 } protocol ? protocol : "TCP",
                p["hostIP"]?.GetValue<string>() is { Length: > 0 } ip ? ip : "0.0.0.0",
                p["hostPort"]!.GetValue<int>()));

    /// <summary>Two host ports conflict on the same protocol and port when either binds every address or both the same one.</summary>
    public bool ConflictsWith(HostPort other) =>
        Protocol == other.Protocol && Port == other.Port && (HostIp == "0.0.0.0" || other.HostIp == "0.0.0.0" || HostIp == other.HostIp);
}
