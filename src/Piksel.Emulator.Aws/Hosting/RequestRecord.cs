namespace Piksel.Emulator.Aws.Hosting;

/// <summary>A served request as kept in <see cref="RecentRequests"/>: who asked what, how it was decided and answered.</summary>
public sealed record RequestRecord
{
    /// <summary>The id answered in x-amzn-RequestId.</summary>
    public required string RequestId { get; init; }
    /// <summary>When the request arrived (emulator clock).</summary>
    public required DateTimeOffset Time { get; init; }
    /// <summary>The signing name of the service, e.g. <c>s3</c>.</summary>
    public required string Service { get; init; }
    /// <summary>The operation, when resolved.</summary>
    public string? Operation { get; init; }
    /// <summary>The caller's ARN (<c>anonymous</c> when unsigned).</summary>
    public required string Principal { get; init; }
    /// <summary>The caller's account.</summary>
    public required string Account { get; init; }
    /// <summary>The request's region.</summary>
    public required string Region { get; init; }
    /// <summary>The HTTP status answered.</summary>
    public required int Status { get; init; }
    /// <summary>The AWS error code answered, if any.</summary>
    public string? ErrorCode { get; init; }
    /// <summary>The IAM decisions made, in order (the last refusal is the one the caller saw).</summary>
    public required IReadOnlyList<DecisionRecord> Decisions { get; init; }

    /// <summary>The decision that speaks for the request: the first refusal, else the last allow, else none.</summary>
    public DecisionRecord? Deciding => Decisions.FirstOrDefault(d => !d.Result.Allowed) ?? (Decisions.Count > 0 ? Decisions[^1] : null);
}
