using System.Globalization;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>The wording pod-security-admission builds its details with (policy/helpers.go: pluralize, joinQuote).</summary>
internal static class CheckText
{
    /// <summary><paramref name="singular"/> for one, <paramref name="plural"/> otherwise.</summary>
    public static string Plural(string singular, string plural, int count) => count == 1 ? singular : plural;

    /// <summary>Each item Go-quoted (%q), joined with ", ".</summary>
    public static string JoinQuote(IEnumerable<string> items) => string.Join(", ", items.Select(Quote));

    /// <summary><c>container "a"</c> / <c>containers "a", "b"</c>.</summary>
    public static string Containers(IReadOnlyCollection<string> names) => $"{Plural("container", "containers", names.Count)} {JoinQuote(names)}";

    /// <summary>Go's %q for the printable text names and values are made of.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    else quoted.Append(c);
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>The distinct values in ordinal order (Go's sets.String List()).</summary>
    public static List<string> Sorted(IEnumerable<string> values) => [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
