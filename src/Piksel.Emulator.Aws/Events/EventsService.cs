using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Sqs;

namespace Piksel.Emulator.Aws.Events;

/// <summary>
/// Amazon EventBridge (awsJson1.1, <c>X-Amz-Target: AWSEvents.&lt;Op&gt;</c>, signing name <c>events</c>) on the
/// default bus: rules with event patterns, their targets and tags, and PutEvents routed to the SQS targets of matching
/// rules. <see cref="Bus"/> is how the emulator's own services emit AWS events (EC2 state changes, interruptions).
/// Operations on a rule are authorized on its ARN; PutEvents on the bus's ARN.
/// </summary>
public sealed class EventsService : IAwsService
{
    private const string TargetPrefix = "AWSEvents";

    /// <summary>The service over the shared state, delivering to queues through <paramref name="sqs"/>.</summary>
    public EventsService(EmulatorState state, ISqsDelivery sqs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = new EventsStore(state.Store);
        var bus = new EventBus(store, sqs, state.Time);
        Bus = bus;
        Operations = new OperationTable()
            .AddGroup(new RuleOperations(store))
            .AddGroup(new TargetOperations(store))
            .AddGroup(new EventTagOperations(store))
            .AddGroup(new PutEventsOperation(bus))
            .Freeze();
    }

    /// <summary>The default bus, for the emulator's services to publish AWS events on.</summary>
    public IAwsEventBus Bus { get; }

    /// <inheritdoc />
    public string SigningName => "events";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context) => JsonTarget.Resolve(context, Operations, TargetPrefix, "Amazon EventBridge");
}
