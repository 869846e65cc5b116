namespace Piksel.Emulator.Aws.Events;

/// <summary>A rule on an event bus: the pattern it matches, whether it is enabled, and where matches go.</summary>
internal sealed record EventRuleRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required string EventBusName { get; init; }
    public required string EventPattern { get; init; }
    /// <summary><c>ENABLED</c> or <c>DISABLED</c>.</summary>
    public required string State { get; init; }
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<EventTarget> Targets { get; init; } = [];

    public string Arn => ArnOf(Region, Account, EventBusName, Name);

    /// <summary>A rule's ARN; rules on the default bus leave the bus out of it, as EventBridge does.</summary>
    public static string ArnOf(string region, string account, string bus, string name) =>
        bus == "default" ? $"arn:aws:events:{region}:{account}:rule/{name}" : $"arn:aws:events:{region}:{account}:rule/{bus}/{name}";
}

/// <summary>Where a rule sends what it matched: the target's ARN, and the whole event or a fixed Input instead.</summary>
internal sealed record EventTarget(string Id, string Arn, string? Input, string? InputPath);
