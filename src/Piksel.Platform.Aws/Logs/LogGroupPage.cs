namespace Piksel.Platform.Aws.Logs;

/// <summary>One page of log groups.</summary>
public sealed record LogGroupPage(IReadOnlyList<LogGroup> LogGroups, string? NextToken);
