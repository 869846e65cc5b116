using System.Text;
using System.Text.RegularExpressions;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// Receiver functions on strings and lists: CEL's startsWith, endsWith, contains, matches; the Kubernetes regex
/// library's find and findAll; the strings extension (split, lowerAscii, upperAscii, trim, replace, substring, charAt,
/// indexOf, lastIndexOf, join); the lists library's isSorted, sum, min, max. Indices count code points, as CEL's do.
/// </summary>
internal static class CelStringFunctions
{
    /// <summary>Calls <paramref name="function"/> on <paramref name="target"/>; a <see cref="CelError"/> when no overload fits.</summary>
    public static object Call(string function, object target, object[] args, CelBudget budget)
    {
        if (target is string s)
        {
            budget.Charge(1 + (s.Length / 10));
            return String(function, s, args, budget);
        }

        if (target is IReadOnlyList<object> list)
        {
            budget.Charge(1 + list.Count);
            return List(function, list, args);
        }

        return CelOperators.NoOverload(function, [target, .. args]);
    }

    private static object String(string function, string s, object[] args, CelBudget budget)
    {
        switch (function, args)
        {
            case ("startsWith", [string prefix]):
                return s.StartsWith(prefix, StringComparison.Ordinal);
            case ("endsWith", [string suffix]):
                return s.EndsWith(suffix, StringComparison.Ordinal);
            case ("contains", [string part]):
                return s.Contains(part, StringComparison.Ordinal);
            case ("matches", [string pattern]):
                return Regex(pattern, budget, s) is Regex re ? re.IsMatch(s) : CelRegex.Compile(pattern);
            case ("find", [string pattern]):
                return Regex(pattern, budget, s) is Regex re1 ? re1.Match(s) is { Success: true } m ? m.Value : "" : CelRegex.Compile(pattern);
            case ("findAll", [string pattern, .. var rest]) when rest is [] or [long]:
                var limit = rest is [long n] ? n : -1;
                if (Regex(pattern, budget, s) is not Regex re2)
                {
                    return CelRegex.Compile(pattern);
                }

                return re2.Matches(s).Select(x => (object)x.Value).Take(limit < 0 ? int.MaxValue : (int)Math.Min(limit, int.MaxValue)).ToArray();
            case ("split", [string separator, .. var rest]) when rest is [] or [long]:
                return Split(s, separator, rest is [long count] ? count : -1);
            case ("lowerAscii", []):
                return string.Create(s.Length, s, (span, src) => { for (var i = 0; i < src.Length; i++) { span[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] + 32) : src[i]; } });
            case ("upperAscii", []):
                return string.Create(s.Length, s, (span, src) => { for (var i = 0; i < src.Length; i++) { span[i] = char.IsAsciiLetterLower(src[i]) ? (char)(src[i] - 32) : src[i]; } });
            case ("trim", []):
                return s.Trim();
            case ("replace", [string from, string to, .. var rest]) when rest is [] or [long]:
                return Replace(s, from, to, rest is [long times] ? times : -1, budget);
            default:
                return Runes(function, s, args);
        }
    }

    private static object Runes(string function, string s, object[] args)
    {
        var runes = s.EnumerateRunes().ToArray();
        switch (function, args)
        {
            case ("charAt", [long at]):
                return at < 0 || at > runes.Length ? new CelError($"index out of range: {at}") : at == runes.Length ? "" : runes[at].ToString();
            case ("substring", [long start, .. var rest]) when rest is [] or [long]:
                var end = rest is [long e] ? e : runes.Length;
                if (start < 0 || start > runes.Length || end < start || end > runes.Length)
                {
                    return new CelError($"index out of range: {(start < 0 || start > runes.Length ? start : end)}");
                }

                return Join(runes.AsSpan((int)start, (int)(end - start)));
            case ("indexOf" or "lastIndexOf", [string part, .. var rest]) when rest is [] or [long]:
                var needle = part.EnumerateRunes().ToArray();
                var from = rest is [long f] ? f : function == "indexOf" ? 0 : runes.Length - needle.Length;
                if (from < 0 || from > runes.Length)
                {
                    return new CelError($"index out of range: {from}");
                }

                return function == "indexOf" ? IndexOf(runes, needle, (int)from, 1) : IndexOf(runes, needle, (int)Math.Min(from, runes.Length - needle.Length), -1);
            default:
                return CelOperators.NoOverload(function, [s, .. args]);
        }
    }

    private static object List(string function, IReadOnlyList<object> list, object[] args)
    {
        switch (function, args)
        {
            case ("join", [] or [string]):
                if (list.Any(x => x is not string))
                {
                    return CelOperators.NoOverload("join", list);
                }

                return string.Join(args is [string separator] ? separator : "", list.Cast<string>());
            case ("isSorted", []):
                for (var i = 1; i < list.Count; i++)
                {
                    var order = CelEquality.Compare(list[i - 1], list[i]);
                    if (order is null)
                    {
                        return CelOperators.NoOverload("isSorted", list);
                    }

                    if (order > 0)
                    {
                        return false;
                    }
                }

                return true;
            case ("sum", []):
                var total = list.Count > 0 && list[0] is double ? 0.0 : list.Count > 0 && list[0] is ulong ? (object)0UL : (object)0L;
                foreach (var item in list)
                {
                    total = CelOperators.Binary("+", total, item, new CelBudget(CelBudget.PerCallLimit));
                    if (total is CelError)
                    {
                        return total;
                    }
                }

                return total;
            case ("min" or "max", []):
                if (list.Count == 0)
                {
                    return new CelError($"{function}(list) argument must not be empty");
                }

                var best = list[0];
                foreach (var item in list.Skip(1))
                {
                    var order = CelEquality.Compare(item, best);
                    if (order is null)
                    {
                        return CelOperators.NoOverload(function, list);
                    }

                    best = (function == "min" ? order < 0 : order > 0) ? item : best;
                }

                return best;
            default:
                return CelOperators.NoOverload(function, [list, .. args]);
        }
    }

    private static Regex? Regex(string pattern, CelBudget budget, string input)
    {
        budget.Charge(1 + input.Length);
        return CelRegex.Compile(pattern) as Regex;
    }

    private static object[] Split(string s, string separator, long limit)
    {
        if (limit == 0)
        {
            return [];
        }

        var parts = separator.Length == 0
            ? s.EnumerateRunes().Select(r => r.ToString()).ToList()
            : [.. s.Split(separator, limit > 0 ? (int)Math.Min(limit, int.MaxValue) : int.MaxValue)];
        if (separator.Length == 0 && limit > 0 && parts.Count > limit)
        {
            var tail = string.Concat(parts.Skip((int)limit - 1));
            parts = [.. parts.Take((int)limit - 1), tail];
        }

        return [.. parts];
    }

    private static string Replace(string s, string from, string to, long times, CelBudget budget)
    {
        if (times < 0 && from.Length > 0)
        {
            var result = s.Replace(from, to, StringComparison.Ordinal);
            budget.Charge(result.Length / 10);
            return result;
        }

        var builder = new StringBuilder();
        var position = 0;
        for (var n = 0L; times < 0 || n < times; n++)
        {
            var at = s.IndexOf(from, position, StringComparison.Ordinal);
            if (at < 0 || at > s.Length)
            {
                break;
            }

            builder.Append(s, position, at - position).Append(to);
            position = at + from.Length;
            if (from.Length == 0)
            {
                // An empty pattern matches between characters: step over one so the loop ends.
                if (position >= s.Length)
                {
                    position = s.Length;
                    break;
                }

                builder.Append(s[position++]);
            }
        }

        builder.Append(s, position, s.Length - position);
        budget.Charge(builder.Length / 10);
        return builder.ToString();
    }

    private static long IndexOf(Rune[] runes, Rune[] needle, int from, int step)
    {
        for (var i = from; i >= 0 && i + needle.Length <= runes.Length; i += step)
        {
            if (runes.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Join(ReadOnlySpan<Rune> runes)
    {
        var builder = new StringBuilder();
        foreach (var rune in runes)
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
