namespace Piksel.Benchmarks.Load;

/// <summary>One target's figures over one run: all its requests' durations, errors, and the cores used meanwhile.</summary>
internal sealed record LoadResult(string Name, LatencyHistogram Histogram, long Errors, string? FirstError, TimeSpan Elapsed, double ProcessCores, double? OtherCores)
{
    /// <summary>Completed requests per second of the run.</summary>
    public double RequestsPerSecond => Histogram.Count / Elapsed.TotalSeconds;

    /// <summary>Median request duration, µs.</summary>
    public double P50 => Histogram.PercentileMicroseconds(0.50);

    /// <summary>99th-percentile request duration, µs.</summary>
    public double P99 => Histogram.PercentileMicroseconds(0.99);

    /// <summary>Several runs of one target as one: every duration, every error, the cores weighted by each run's time.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> runs)
    {
        var histogram = new LatencyHistogram();
        long errors = 0;
        string? firstError = null;
        var elapsed = TimeSpan.Zero;
        double processCores = 0;
        double otherCores = 0;
        var othersKnown = true;
        foreach (var run in runs)
        {
            histogram.Add(run.Histogram);
            errors += run.Errors;
            firstError ??= run.FirstError;
            elapsed += run.Elapsed;
            processCores += run.ProcessCores * run.Elapsed.TotalSeconds;
            otherCores += (run.OtherCores ?? 0) * run.Elapsed.TotalSeconds;
            othersKnown &= run.OtherCores is not null;
        }
        var seconds = elapsed.TotalSeconds;
        return new LoadResult(runs[0].Name, histogram, errors, firstError, elapsed, processCores / seconds, othersKnown ? otherCores / seconds : null);
    }

    /// <summary>One report line.</summary>
    public override string ToString() =>
        $"{Name,-58} {RequestsPerSecond,8:N0} req/s  p50 {P50,7:N0} µs  p99 {P99,7:N0} µs  errors {Errors}  " +
        $"(cores: this process {ProcessCores:F2}, others {(OtherCores is { } o ? o.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "?")})";
}
