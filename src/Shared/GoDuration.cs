using System.Globalization;
using System.Text;

namespace Piksel.Shared;

/// <summary>
/// Durations as Go reads them (<c>time.ParseDuration</c>), the format of Kubernetes' <c>metav1.Duration</c> fields
/// such as an ExternalSecret's <c>refreshInterval</c>: an optional sign, then one or more decimal numbers, each with
/// an optional fraction and a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), as in
/// <c>10s</c>, <c>1h30m</c>, <c>1.5h</c>, <c>-500ms</c>; <c>0</c> alone is the one number allowed without a unit.
/// </summary>
/// <remarks>
/// One source file compiled into each project that needs it (the platform, its Kubernetes handlers and the AWS
/// emulator's External Secrets operator), so both sides follow the same rules without referencing each other.
/// </remarks>
internal static class GoDuration
{
    // Go's limit: a duration is a signed 64-bit count of nanoseconds.
    private const ulong Limit = 1UL << 63;

    private static readonly Dictionary<string, ulong> NanosecondsPerUnit = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["\u00b5s"] = 1_000, // micro sign
        ["\u03bcs"] = 1_000, // Greek small letter mu
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = 3_600_000_000_000,
    };

    /// <summary>Parses <paramref name="text"/> by Go's rules; false when Go would refuse it (or it overflows Go's range).</summary>
    /// <remarks>The result is in <see cref="TimeSpan"/>'s 100 ns ticks: finer parts are dropped.</remarks>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (!s.IsEmpty && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (!TryTerm(ref s, out var nanoseconds))
            {
                return false;
            }

            total += nanoseconds;
            if (total > Limit)
            {
                return false;
            }
        }

        if (!negative && total > Limit - 1)
        {
            return false;
        }

        var ticks = (long)(total / 100);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>
    /// Formats whole seconds as <c>1h30m</c>, <c>10s</c> or <c>0s</c> (no zero parts, unlike Go's <c>1h30m0s</c>), a
    /// form <see cref="TryParse"/> and Go read back to the same duration.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        Append(text, seconds / 3600, 'h');
        Append(text, seconds % 3600 / 60, 'm');
        Append(text, seconds % 60, 's');
        return text.ToString();
    }

    // One number with its unit, e.g. "1.5h", in nanoseconds; consumes it from s.
    private static bool TryTerm(ref ReadOnlySpan<char> s, out ulong nanoseconds)
    {
        nanoseconds = 0;
        if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
        {
            return false;
        }

        var length = s.Length;
        if (!TryLeadingInt(ref s, out var whole))
        {
            return false;
        }

        var hasWhole = length != s.Length;
        ulong fraction = 0;
        var scale = 1.0;
        var hasFraction = false;
        if (!s.IsEmpty && s[0] == '.')
        {
            s = s[1..];
            length = s.Length;
            (fraction, scale) = LeadingFraction(ref s);
            hasFraction = length != s.Length;
        }

        if (!hasWhole && !hasFraction)
        {
            // No digits, e.g. ".s".
            return false;
        }

        var end = 0;
        while (end < s.Length && s[end] != '.' && !char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        if (end == 0 || !NanosecondsPerUnit.TryGetValue(s[..end].ToString(), out var unit))
        {
            // A missing or unknown unit.
            return false;
        }

        s = s[end..];
        if (whole > Limit / unit)
        {
            return false;
        }

        whole *= unit;
        if (fraction > 0)
        {
            // Go computes the fraction in float64, nanosecond-exact for fractions of hours.
            whole += (ulong)(fraction * (unit / scale));
            if (whole > Limit)
            {
                return false;
            }
        }

        nanoseconds = whole;
        return true;
    }

    // The leading digits as an integer; false when they overflow Go's range.
    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > Limit / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(s[i] - '0');
            if (value > Limit)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    // The leading digits after a decimal point as value / scale; digits past what fits are ignored, as in Go.
    private static (ulong Value, double Scale) LeadingFraction(ref ReadOnlySpan<char> s)
    {
        ulong value = 0;
        var scale = 1.0;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (value > (Limit - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var next = (value * 10) + (ulong)(s[i] - '0');
            if (next > Limit)
            {
                overflow = true;
                continue;
            }

            value = next;
            scale *= 10;
        }

        s = s[i..];
        return (value, scale);
    }

    private static void Append(StringBuilder text, long value, char unit)
    {
        if (value > 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
