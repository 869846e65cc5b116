using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Faults;

/// <summary>
/// The engine's clock for fault tests: the system's, except that a wait the engine asks for (a retry's backoff) moves the
/// provider's clock forward by that long and ends at once. Time the engine would sleep through passes for the emulators
/// (IAM propagation is measured on their clock), and the test does not sleep it for real.
/// </summary>
internal sealed class WarpClock(IClockControl target) : TimeProvider, IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentBag<IDisposable> shifts = [];
    private long warpedTicks;

    /// <summary>All the time waits have skipped.</summary>
    public TimeSpan Warped => TimeSpan.FromTicks(Interlocked.Read(ref warpedTicks));

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan) return System.CreateTimer(callback, state, dueTime, period);
        shifts.Add(target.Shift(dueTime));
        Interlocked.Add(ref warpedTicks, dueTime.Ticks);
        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }

    /// <summary>Moves the provider's clock back to the system's.</summary>
    public void Dispose()
    {
        foreach (var shift in shifts) shift.Dispose();
    }
}
