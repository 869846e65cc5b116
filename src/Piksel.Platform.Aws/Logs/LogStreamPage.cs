namespace Piksel.Platform.Aws.Logs;

/// <summary>One page of log streams.</summary>
public sealed record LogStreamPage(IReadOnlyList<LogStream> LogStreams, string? NextToken);
