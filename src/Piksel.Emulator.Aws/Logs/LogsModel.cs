namespace Piksel.Emulator.Aws.Logs;

/// <summary>A CloudWatch Logs log group.</summary>
public sealed record LogGroupRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    /// <summary>Days events are kept; null keeps them forever.</summary>
    public int? RetentionInDays { get; init; }
    public string? KmsKeyId { get; init; }
    /// <summary>STANDARD, INFREQUENT_ACCESS or DELIVERY.</summary>
    public string LogGroupClass { get; init; } = "STANDARD";
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The group's ARN without the trailing <c>:*</c> (DescribeLogGroups' <c>logGroupArn</c>).</summary>
    public string GroupArn => Arn[..^2];

    /// <summary>The ARN with <c>:*</c>, as DescribeLogGroups' <c>arn</c> and IAM policies name a group.</summary>
    public string Arn => ArnOf(Region, Account, Name);

    /// <summary><c>arn:aws:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;name&gt;:*</c>.</summary>
    public static string ArnOf(string region, string account, string name) => $"arn:aws:logs:{region}:{account}:log-group:{name}:*";
}

/// <summary>A log stream in a group.</summary>
public sealed record LogStreamRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Group { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public long? FirstEventTimestamp { get; init; }
    public long? LastEventTimestamp { get; init; }
    public long? LastIngestionTime { get; init; }
    /// <summary>How many PutLogEvents batches the stream has taken; the next batch's sequence number.</summary>
    public long Batches { get; init; }

    public string Arn => ArnOf(Region, Account, Group, Name);

    /// <summary><c>arn:aws:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;group&gt;:log-stream:&lt;name&gt;</c>.</summary>
    public static string ArnOf(string region, string account, string group, string name) =>
        $"arn:aws:logs:{region}:{account}:log-group:{group}:log-stream:{name}";
}

/// <summary>One PutLogEvents batch of a stream (kept as a row so a put journals only its own events).</summary>
public sealed record LogEventBatchRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Group { get; init; }
    public required string Stream { get; init; }
    public required long Sequence { get; init; }
    public IReadOnlyList<LogEventRecord> Events { get; init; } = [];
}

/// <summary>An event: its timestamp and ingestion time in epoch milliseconds.</summary>
public sealed record LogEventRecord(long Timestamp, string Message, long IngestionTime);
