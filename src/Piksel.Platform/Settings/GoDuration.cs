using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Piksel.Platform.Settings;

/// <summary>Durations written as Kubernetes and ESO write them: <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
public static partial class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; false when it is not of the form <c>[Nh][Nm][Ns]</c>.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        static long Part(Group group) => group.Success ? long.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
        var seconds = (Part(match.Groups["h"]) * 3600) + (Part(match.Groups["m"]) * 60) + Part(match.Groups["s"]);
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Formats whole seconds the same way (<c>1h30m</c>, <c>10s</c>).</summary>
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

    private static void Append(StringBuilder text, long value, char unit)
    {
        if (value > 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    [GeneratedRegex(@"^(?:(?<h>\d{1,5})h)?(?:(?<m>\d{1,5})m)?(?:(?<s>\d{1,6})s)?$")]
    private static partial Regex Pattern();
}
