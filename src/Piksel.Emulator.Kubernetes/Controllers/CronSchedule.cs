using System.Globalization;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// A cron schedule as the cron job controller parses it (robfig/cron's standard parser): five fields (minute, hour, day
/// of month, month, day of week) with <c>*</c>, lists, ranges, steps and names, or a macro (<c>@yearly</c>,
/// <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c>), evaluated in a time zone.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] minutes = new bool[60];
    private readonly bool[] hours = new bool[24];
    private readonly bool[] daysOfMonth = new bool[32];
    private readonly bool[] months = new bool[13];
    private readonly bool[] daysOfWeek = new bool[7];
    private bool domStar;
    private bool dowStar;

    private CronSchedule()
    {
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, in robfig/cron's words.</summary>
    public static bool TryParse(string text, out CronSchedule schedule, out string error)
    {
        schedule = new CronSchedule();
        error = "";
        var spec = text.Trim();
        if (spec.Length > 200)
        {
            error = "schedule is too long";
            return false;
        }
        spec = spec switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => spec,
        };
        if (spec.StartsWith('@'))
        {
            error = $"unrecognized descriptor: {spec}";
            return false;
        }
        var fields = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"expected exactly 5 fields, found {fields.Length}: {text}";
            return false;
        }
        schedule.domStar = fields[2].StartsWith('*') || fields[2].StartsWith('?');
        schedule.dowStar = fields[4].StartsWith('*') || fields[4].StartsWith('?');
        return Field(fields[0], 0, 59, null, schedule.minutes, ref error)
            && Field(fields[1], 0, 23, null, schedule.hours, ref error)
            && Field(fields[2], 1, 31, null, schedule.daysOfMonth, ref error)
            && Field(fields[3], 1, 12, Months, schedule.months, ref error)
            && Field(fields[4], 0, 7, Days, schedule.daysOfWeek, ref error);
    }

    /// <summary>The IANA zone of that name (what spec.timeZone names).</summary>
    public static bool TryFindZone(string name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (name.Length is 0 or > 64 || name.Contains("..", StringComparison.Ordinal)) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static bool Field(string field, int min, int max, string[]? names, bool[] bits, ref string error)
    {
        foreach (var part in field.Split(','))
        {
            var stepAt = part.IndexOf('/');
            var range = stepAt < 0 ? part : part[..stepAt];
            var step = 1;
            if (stepAt >= 0 && (!int.TryParse(part[(stepAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0))
            {
                error = $"failed to parse int from {part[(stepAt + 1)..]}";
                return false;
            }
            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max);
            }
            else
            {
                var dash = range.Split('-');
                if (dash.Length > 2 || !Value(dash[0], min, names, out low) || !Value(dash[^1], min, names, out high))
                {
                    error = $"failed to parse int from {range}";
                    return false;
                }
                if (dash.Length == 1 && stepAt >= 0) high = max;
            }
            if (low < min || high > max || low > high)
            {
                error = low < min ? $"beginning of range ({low}) below minimum ({min}): {part}"
                    : high > max ? $"end of range ({high}) above maximum ({max}): {part}"
                    : $"beginning of range ({low}) beyond end of range ({high}): {part}";
                return false;
            }
            for (var v = low; v <= high; v += step) bits[bits.Length == 7 ? v % 7 : v] = true;
        }
        return true;
    }

    private static bool Value(string text, int min, string[]? names, out int value)
    {
        if (names is not null && Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is var i and >= 0)
        {
            value = i + min;
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/>, in <paramref name="zone"/>; null within five years none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!months[t.Month]) t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
            else if (!DayMatches(t)) t = t.Date.AddDays(1);
            else if (!hours[t.Hour]) t = t.Date.AddHours(t.Hour + 1);
            else if (!minutes[t.Minute]) t = t.AddMinutes(1);
            // A wall-clock time skipped by a DST change does not happen.
            else if (zone.IsInvalidTime(t)) t = t.AddMinutes(1);
            else return new DateTimeOffset(t, zone.GetUtcOffset(t)).ToUniversalTime();
        }
        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dom = daysOfMonth[t.Day];
        var dow = daysOfWeek[(int)t.DayOfWeek];
        // As cron: with both day fields restricted either may match; otherwise both must.
        return domStar || dowStar ? dom && dow : dom || dow;
    }
}
