using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Events;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Instance state changes as EC2 emits them to EventBridge: an <c>EC2 Instance State-change Notification</c> from
/// <c>aws.ec2</c> on the account's default bus, with the instance id and new state in its detail and the instance's ARN
/// in its resources, so a rule matching them (Karpenter's "instance state change") delivers them to its queue.
/// </summary>
public sealed class EventBridgeInstanceEvents(IAwsEventBus bus) : IInstanceEvents
{
    /// <inheritdoc />
    public void StateChanged(InstanceStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        bus.Publish(new AwsEvent
        {
            Source = "aws.ec2",
            DetailType = "EC2 Instance State-change Notification",
            Detail = new JsonObject { ["instance-id"] = change.InstanceId, ["state"] = change.State },
            Account = change.Account,
            Region = change.Region,
            Resources = [$"arn:aws:ec2:{change.Region}:{change.Account}:instance/{change.InstanceId}"],
            Time = change.Time,
        });
    }
}
