namespace Piksel.Platform.Aws.Logs;

/// <summary>A FilterLogEvents match: the stream it came from and the event.</summary>
public sealed record FilteredLogEvent(string LogStreamName, DateTimeOffset Timestamp, string Message, string? EventId);
