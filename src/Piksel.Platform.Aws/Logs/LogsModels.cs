namespace Piksel.Platform.Aws.Logs;

/// <summary>DescribeLogGroups' input: a name prefix or a (case-insensitive) substring pattern, page size 1–50.</summary>
public sealed record DescribeLogGroupsRequest
{
    public string? LogGroupNamePrefix { get; init; }
    public string? LogGroupNamePattern { get; init; }
    public int? Limit { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>A log group as DescribeLogGroups answers it.</summary>
public sealed record LogGroup
{
    public required string LogGroupName { get; init; }
    /// <summary><c>arn:aws:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;name&gt;:*</c>.</summary>
    public required string Arn { get; init; }
    /// <summary>The ARN without the trailing <c>:*</c>.</summary>
    public string? LogGroupArn { get; init; }
    public DateTimeOffset? CreationTime { get; init; }
    public int? RetentionInDays { get; init; }
    public long StoredBytes { get; init; }
    public string? KmsKeyId { get; init; }
    public string? LogGroupClass { get; init; }
}

/// <summary>One page of log groups.</summary>
public sealed record LogGroupPage(IReadOnlyList<LogGroup> LogGroups, string? NextToken);

/// <summary>A log stream as DescribeLogStreams answers it.</summary>
public sealed record LogStream
{
    public required string LogStreamName { get; init; }
    public string? Arn { get; init; }
    public DateTimeOffset? CreationTime { get; init; }
    public DateTimeOffset? FirstEventTimestamp { get; init; }
    public DateTimeOffset? LastEventTimestamp { get; init; }
    public DateTimeOffset? LastIngestionTime { get; init; }
}

/// <summary>One page of log streams.</summary>
public sealed record LogStreamPage(IReadOnlyList<LogStream> LogStreams, string? NextToken);

/// <summary>An event to put: when it happened and its text.</summary>
public sealed record InputLogEvent(DateTimeOffset Timestamp, string Message);

/// <summary>An event read back.</summary>
public sealed record OutputLogEvent(DateTimeOffset Timestamp, string Message, DateTimeOffset? IngestionTime);

/// <summary>PutLogEvents' answer: which events CloudWatch refused for being outside its time window (indexes into the batch).</summary>
public sealed record PutLogEventsResult(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex, int? ExpiredLogEventEndIndex);

/// <summary>GetLogEvents' answer with the tokens to read on forward or backward.</summary>
public sealed record LogEventPage(IReadOnlyList<OutputLogEvent> Events, string? NextForwardToken, string? NextBackwardToken);

/// <summary>A FilterLogEvents match: the stream it came from and the event.</summary>
public sealed record FilteredLogEvent(string LogStreamName, DateTimeOffset Timestamp, string Message, string? EventId);

/// <summary>One page of FilterLogEvents.</summary>
public sealed record FilteredLogEventPage(IReadOnlyList<FilteredLogEvent> Events, string? NextToken);
