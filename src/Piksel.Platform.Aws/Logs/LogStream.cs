namespace Piksel.Platform.Aws.Logs;

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
