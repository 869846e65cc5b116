using Piksel.Platform.Providers;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// The embedded provider's clock: the system's, moved forward for the length of a <see cref="Shift"/> scope. Timers
/// and timestamps stay the system's, so nothing waits longer or shorter; only "now" moves.
/// </summary>
public sealed class ShiftableClock : TimeProvider, IClockControl
{
    private long offsetTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    /// <inheritdoc />
    public IDisposable Shift(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The clock only moves forward.");
        }

        Interlocked.Add(ref offsetTicks, by.Ticks);
        return new Scope(this, by.Ticks);
    }

    private sealed class Scope(ShiftableClock clock, long ticks) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Add(ref clock.offsetTicks, -ticks);
            }
        }
    }
}
