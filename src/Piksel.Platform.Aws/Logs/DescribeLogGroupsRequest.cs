namespace Piksel.Platform.Aws.Logs;

/// <summary>DescribeLogGroups' input: a name prefix or a (case-insensitive) substring pattern, page size 1–50.</summary>
public sealed record DescribeLogGroupsRequest
{
    public string? LogGroupNamePrefix { get; init; }
    public string? LogGroupNamePattern { get; init; }
    public int? Limit { get; init; }
    public string? NextToken { get; init; }
}
