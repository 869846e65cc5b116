using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// An EventBridge envelope from the interruption queue as Karpenter routes it (aws <c>pkg/controllers/interruption</c>):
/// by source and detail-type to the instances it names and the event reason Karpenter records. A rebalance
/// recommendation names its instance but asks for no action.
/// </summary>
/// <param name="InstanceIds">The instances the event is about.</param>
/// <param name="Reason">The event reason (<c>SpotInterrupted</c>, <c>InstanceStopping</c>, <c>InstanceTerminating</c>, <c>InstanceUnhealthy</c>, <c>SpotRebalanceRecommendation</c>).</param>
/// <param name="DeletesNode">True when Karpenter drains and deletes the node.</param>
public sealed record InterruptionEvent(IReadOnlyList<string> InstanceIds, string Reason, bool DeletesNode)
{
    /// <summary>The event in <paramref name="body"/>, or null for a message Karpenter ignores (unknown kind, not JSON).</summary>
    public static InterruptionEvent? Parse(string body)
    {
        JsonObject? envelope;
        try { envelope = JsonNode.Parse(body) as JsonObject; }
        catch (JsonException) { return null; }
        if (envelope is null || Text(envelope["version"]) != "0") return null;
        var detail = envelope["detail"] as JsonObject ?? [];
        var instance = Text(detail["instance-id"]);
        return (Text(envelope["source"]), Text(envelope["detail-type"])) switch
        {
            ("aws.ec2", "EC2 Spot Instance Interruption Warning") when instance.Length > 0 => new([instance], "SpotInterrupted", true),
            ("aws.ec2", "EC2 Instance Rebalance Recommendation") when instance.Length > 0 => new([instance], "SpotRebalanceRecommendation", false),
            ("aws.ec2", "EC2 Instance State-change Notification") when instance.Length > 0 => Text(detail["state"]) switch
            {
                "stopping" or "stopped" => new([instance], "InstanceStopping", true),
                "shutting-down" or "terminated" => new([instance], "InstanceTerminating", true),
                _ => null,
            },
            ("aws.health", "AWS Health Event") when Text(detail["service"]) == "EC2" && Text(detail["eventTypeCategory"]) == "scheduledChange" =>
                new([.. (detail["affectedEntities"] as JsonArray ?? []).Select(e => Text(e?["entityValue"])).Where(id => id.Length > 0)], "InstanceUnhealthy", true),
            _ => null,
        };
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
