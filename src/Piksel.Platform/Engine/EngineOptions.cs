namespace Piksel.Platform.Engine;

/// <summary>How the engine schedules and retries handler calls.</summary>
public sealed record EngineOptions
{
    /// <summary>Handler calls in flight at once (1–64). Default: 8 (calls mostly wait on the network; Terraform runs 10).</summary>
    public int MaxParallelism { get; init; } = 8;

    /// <summary>Retries of a call that failed with a retryable error (0–20). Default: 8.</summary>
    public int MaxRetryAttempts { get; init; } = 8;

    /// <summary>First retry delay, doubled each attempt (0–1 min). Default: 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest retry delay (≥ <see cref="RetryDelay"/>, ≤ 5 min). Default: 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Randomise delays so parallel retries do not hit a throttled API in step. Default: true.</summary>
    public bool RetryJitter { get; init; } = true;

    /// <summary>Throws when a value is out of its range, naming it and the range.</summary>
    public EngineOptions Validate()
    {
        Check(MaxParallelism is >= 1 and <= 64, nameof(MaxParallelism), MaxParallelism, "1 to 64");
        Check(MaxRetryAttempts is >= 0 and <= 20, nameof(MaxRetryAttempts), MaxRetryAttempts, "0 to 20");
        Check(RetryDelay >= TimeSpan.Zero && RetryDelay <= TimeSpan.FromMinutes(1), nameof(RetryDelay), RetryDelay, "0 to 1 minute");
        Check(MaxRetryDelay >= RetryDelay && MaxRetryDelay <= TimeSpan.FromMinutes(5), nameof(MaxRetryDelay), MaxRetryDelay, "RetryDelay to 5 minutes");
        return this;
    }

    private static void Check(bool ok, string name, object value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"EngineOptions.{name} is {value}; allowed: {allowed}.");
        }
    }
}
