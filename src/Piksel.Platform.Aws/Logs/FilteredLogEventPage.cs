namespace Piksel.Platform.Aws.Logs;

/// <summary>One page of FilterLogEvents.</summary>
public sealed record FilteredLogEventPage(IReadOnlyList<FilteredLogEvent> Events, string? NextToken);
