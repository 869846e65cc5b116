using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Events;

/// <summary>
/// An event as a service emits it to the default bus: its source (<c>aws.ec2</c>), detail type
/// (<c>EC2 Instance State-change Notification</c>), detail, the account and region it happened in and the ARNs it is about.
/// </summary>
public sealed record AwsEvent
{
    /// <summary>The emitting service, <c>aws.&lt;service&gt;</c> for AWS's own events.</summary>
    public required string Source { get; init; }
    /// <summary>What happened, as EventBridge's <c>detail-type</c>.</summary>
    public required string DetailType { get; init; }
    /// <summary>The event's detail object (for EC2 state changes: <c>{"instance-id": …, "state": "stopping"}</c>).</summary>
    public required JsonObject Detail { get; init; }
    /// <summary>The account the event belongs to (rules of that account see it).</summary>
    public required string Account { get; init; }
    /// <summary>The region the event happened in.</summary>
    public required string Region { get; init; }
    /// <summary>ARNs of the resources the event is about.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];
    /// <summary>When it happened; the emulator's clock when null.</summary>
    public DateTimeOffset? Time { get; init; }
}

/// <summary>The default event bus as the emulator's services see it: where they publish AWS events for rules to route.</summary>
public interface IAwsEventBus
{
    /// <summary>
    /// Puts <paramref name="evt"/> on its account's default bus and delivers it to the targets of every enabled rule
    /// whose pattern it matches; returns the event's id. Delivery to a queue is checked against the queue's policy as
    /// <c>events.amazonaws.com</c>, and a refused delivery is dropped, as EventBridge drops it (a failed invocation).
    /// </summary>
    string Publish(AwsEvent evt);
}
