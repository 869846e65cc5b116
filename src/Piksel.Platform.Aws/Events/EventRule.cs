namespace Piksel.Platform.Aws.Events;

/// <summary>An EventBridge rule on the default bus.</summary>
public sealed record EventRule(string Name, string Arn, string EventPattern, string State, string? Description);

/// <summary>A rule's target: its id within the rule and the ARN events go to.</summary>
public sealed record EventRuleTarget(string Id, string Arn);

/// <summary>One PutEvents entry.</summary>
public sealed record EventEntry(string Source, string DetailType, string Detail, IReadOnlyList<string>? Resources = null);

/// <summary>What PutEvents answered for one entry: its id, or why it was refused.</summary>
public sealed record EventEntryResult(string? EventId, string? ErrorCode, string? ErrorMessage);
