namespace Piksel.Platform.Aws.Logs;

/// <summary>An event to put: when it happened and its text.</summary>
public sealed record InputLogEvent(DateTimeOffset Timestamp, string Message);
