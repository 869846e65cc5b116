namespace Piksel.Emulator.Aws.Logs;

/// <summary>
/// The terms of a simple filter pattern: every term must occur (quoted terms as written). JSON and space-delimited
/// patterns (<c>{ $.x = 1 }</c>, <c>[a, b]</c>) are beyond this emulator and rejected.
/// </summary>
internal static class LogFilterPattern
{
    public static List<string> Terms(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return [];
        var trimmed = pattern.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('[') || trimmed.StartsWith('%'))
            throw LogsErrors.InvalidParameter("The emulator supports only term filter patterns (words and quoted phrases).");
        var terms = new List<string>();
        for (var i = 0; i < trimmed.Length;)
        {
            if (char.IsWhiteSpace(trimmed[i])) { i++; continue; }
            if (trimmed[i] == '"')
            {
                var close = trimmed.IndexOf('"', i + 1);
                if (close < 0) throw LogsErrors.InvalidParameter("Invalid filter pattern: unterminated quote.");
                terms.Add(trimmed[(i + 1)..close]);
                i = close + 1;
                continue;
            }
            var space = trimmed.IndexOfAny([' ', '\t'], i);
            var word = space < 0 ? trimmed[i..] : trimmed[i..space];
            terms.Add(word);
            i += word.Length;
        }
        return terms;
    }
}
