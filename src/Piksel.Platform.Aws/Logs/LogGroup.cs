namespace Piksel.Platform.Aws.Logs;

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
