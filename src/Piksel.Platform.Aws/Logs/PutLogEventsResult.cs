namespace Piksel.Platform.Aws.Logs;

/// <summary>PutLogEvents' answer: which events CloudWatch refused for being outside its time window (indexes into the batch).</summary>
public sealed record PutLogEventsResult(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex, int? ExpiredLogEventEndIndex);
