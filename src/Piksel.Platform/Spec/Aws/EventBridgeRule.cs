namespace Piksel.Platform.Spec.Aws;

/// <summary>An EventBridge rule on the default bus, named by the resource's name, and where it sends what it matches. Output: <c>arn</c>.</summary>
public sealed record EventBridgeRule : AwsResource
{
    /// <summary>The event pattern, as JSON text (no default: a rule without one matches nothing).</summary>
    public required string EventPattern { get; init; }

    /// <summary>Description. Default: empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether matching events are delivered. Default: true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The targets (at most five). Default: none.</summary>
    public IReadOnlyList<EventBridgeTarget> Targets { get; init; } = [];
}

/// <summary>A rule target: its id within the rule and the ARN of what receives the events (an SQS queue).</summary>
public sealed record EventBridgeTarget(string Id, string Arn);
