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

    /// <summary>One report line.</summary>
    public override string ToString() =>
        $"{Name,-58} {RequestsPerSecond,8:N0} req/s  p50 {P50,7:N0} µs  p99 {P99,7:N0} µs  errors {Errors}  " +
        $"(cores: this process {ProcessCores:F2}, others {(OtherCores is { } o ? o.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "?")})";
}
