using System.Diagnostics;
using System.Numerics;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// Every request's duration, counted in log-linear buckets laid out as HdrHistogram lays them: exact below 128 ns,
/// then 64 buckets per power of two, so a bucket is at most 1/64 (1.6 %) of its value wide. Recording is an array
/// increment (one histogram per worker, no sharing); percentiles are read from the merged counts.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int Exact = 2 * SubBuckets;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] counts = new long[Exact + ((64 - 7) * SubBuckets)];
    private long count;
    private long sum;

    /// <summary>Durations recorded; safe to read (approximately) from another thread while the owner records.</summary>
    public long Count => Volatile.Read(ref count);

    /// <summary>The longest duration recorded, in nanoseconds.</summary>
    public long MaxNanoseconds { get; private set; }

    /// <summary>The mean duration in microseconds.</summary>
    public double MeanMicroseconds => count == 0 ? 0 : sum / (double)count / 1000;

    /// <summary>Records a duration given in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordTicks(long ticks) => Record((long)(ticks * NanosecondsPerTick));

    /// <summary>Records a duration in nanoseconds.</summary>
    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0) nanoseconds = 0;
        counts[IndexOf(nanoseconds)]++;
        sum += nanoseconds;
        if (nanoseconds > MaxNanoseconds) MaxNanoseconds = nanoseconds;
        Volatile.Write(ref count, count + 1);
    }

    /// <summary>Adds <paramref name="other"/>'s counts to this one's.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < counts.Length; i++) counts[i] += other.counts[i];
        sum += other.sum;
        count += other.count;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>The duration (µs) that <paramref name="fraction"/> of the requests did not exceed: its bucket's midpoint.</summary>
    public double PercentileMicroseconds(double fraction)
    {
        if (count == 0) return 0;
        var target = Math.Max(1, (long)Math.Ceiling(fraction * count));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen < target) continue;
            var (low, high) = RangeOf(i);
            return Math.Min((low + high) / 2.0, MaxNanoseconds) / 1000;
        }
        return MaxNanoseconds / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < Exact) return (int)value;
        var top = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = top - 6;
        return Exact + ((top - 7) * SubBuckets) + (int)(value >> shift) - SubBuckets;
    }

    private static (long Low, long High) RangeOf(int index)
    {
        if (index < Exact) return (index, index);
        var shift = ((index - Exact) / SubBuckets) + 1;
        var low = (long)(((index - Exact) % SubBuckets) + SubBuckets) << shift;
        return (low, low + (1L << shift) - 1);
    }
}
