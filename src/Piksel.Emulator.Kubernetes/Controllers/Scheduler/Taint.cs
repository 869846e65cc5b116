using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>A node taint (key, value, effect) and the toleration rules of core/v1 (ToleratesTaint).</summary>
public sealed record Taint(string Key, string Value, string Effect)
{
    /// <summary>The taint the node lifecycle controller puts on a node whose Ready condition is not True.</summary>
    public static Taint NotReady { get; } = new("node.kubernetes.io/not-ready", "", "NoSchedule");

    /// <summary>The taint that stands for spec.unschedulable (TaintNodeUnschedulable).</summary>
    public static Taint Unschedulable { get; } = new("node.kubernetes.io/unschedulable", "", "NoSchedule");

    /// <summary>The taints of a Node object's spec.taints.</summary>
    public static IReadOnlyList<Taint> Of(JsonObject node) =>
        [.. (node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new Taint(
            Text(t["key"]), Text(t["value"]), Text(t["effect"])))];

    /// <summary>
    /// True when one of <paramref name="tolerations"/> tolerates this taint: the effect matches or is empty, the key matches
    /// or is empty (with Exists: every taint), and the operator is Exists or the values are equal.
    /// </summary>
    public bool IsToleratedBy(IEnumerable<JsonObject> tolerations) => tolerations.Any(t =>
    {
        var effect = Text(t["effect"]);
        var key = Text(t["key"]);
        if (effect.Length > 0 && effect != Effect) return false;
        if (key.Length > 0 && key != Key) return false;
        return Text(t["operator"]) switch
        {
            "Exists" => true,
            "" or "Equal" => Text(t["value"]) == Value,
            _ => false,
        };
    });

    /// <summary>The pod's spec.tolerations.</summary>
    public static IReadOnlyList<JsonObject> TolerationsOf(JsonObject pod) => [.. (pod["spec"]?["tolerations"] as JsonArray ?? []).OfType<JsonObject>()];

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
