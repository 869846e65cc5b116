using System.Globalization;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>Go's <c>time.ParseDuration</c> format (<c>10s</c>, <c>1m30s</c>, <c>1h0m0s</c>, <c>1.5h</c>), which Kubernetes' <c>metav1.Duration</c> fields use.</summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", TimeSpan.TicksPerMillisecond / 1e6), ("us", TimeSpan.TicksPerMillisecond / 1e3), ("µs", TimeSpan.TicksPerMillisecond / 1e3),
        ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses <paramref name="text"/>; false when it is not a Go duration.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.AsSpan();
        var negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && s[0] is '-' or '+') s = s[1..];
        if (s.SequenceEqual("0")) return true;
        if (s.IsEmpty) return false;
        double ticks = 0;
        while (!s.IsEmpty)
        {
            var n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.')) n++;
            if (n == 0 || !double.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;
            s = s[n..];
            // Longest unit first, so "ms" is not read as "m" followed by "s".
            (string Unit, double Ticks) unit = default;
            foreach (var candidate in Units)
                if (s.StartsWith(candidate.Unit, StringComparison.Ordinal) && candidate.Unit.Length > (unit.Unit?.Length ?? 0)) unit = candidate;
            if (unit.Unit is null) return false;
            s = s[unit.Unit.Length..];
            ticks += value * unit.Ticks;
        }
        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }
}
