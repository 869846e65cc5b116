namespace Piksel.Platform.Aws.Logs;

/// <summary>An event read back.</summary>
public sealed record OutputLogEvent(DateTimeOffset Timestamp, string Message, DateTimeOffset? IngestionTime);
