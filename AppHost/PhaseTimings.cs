using System.Diagnostics;

namespace Piksel.AppHost;

/// <summary>
/// Phase times of a start, printed to stderr when <c>PIKSEL_TIMINGS=1</c> (to see where a slow start goes): each
/// <see cref="Mark"/> prints the phase's milliseconds and the total since the process started.
/// </summary>
internal sealed class PhaseTimings
{
    private readonly bool enabled;
    private long last = Stopwatch.GetTimestamp();

    private PhaseTimings(bool enabled) => this.enabled = enabled;

    public static PhaseTimings FromEnvironment() => new(Environment.GetEnvironmentVariable("PIKSEL_TIMINGS") == "1");

    /// <summary>Ends the phase <paramref name="phase"/> (and starts the next).</summary>
    public void Mark(string phase)
    {
        if (!enabled)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        // Process.StartTime is a local wall-clock time, so the process's age needs the wall clock too.
        var sinceProcessStart = TimeProvider.System.GetLocalNow().DateTime - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine($"[timings] {phase}: {Stopwatch.GetElapsedTime(last, now).TotalMilliseconds:F0} ms (process {sinceProcessStart.TotalMilliseconds:F0} ms)");
        last = now;
    }
}
