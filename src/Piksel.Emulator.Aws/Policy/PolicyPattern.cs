using System.Text;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// A string from a policy (a Resource, or a String/ARN condition value) that may hold policy variables
/// (<c>${aws:username}</c>, <c>${aws:PrincipalTag/team, 'default'}</c>) and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>.
/// Variables are only recognised in documents of Version 2012-10-17; otherwise the text is taken literally.
/// </summary>
internal sealed class PolicyPattern
{
    private readonly Part[]? parts;

    private PolicyPattern(string raw, Part[]? parts)
    {
        Raw = raw;
        this.parts = parts;
    }

    /// <summary>The text as written in the policy.</summary>
    public string Raw { get; }

    /// <summary>Compiles <paramref name="raw"/>; <paramref name="variables"/> is false for pre-2012 documents.</summary>
    public static PolicyPattern Compile(string raw, bool variables)
    {
        if (!variables || !raw.Contains("${", StringComparison.Ordinal)) return new PolicyPattern(raw, null);
        var parts = new List<Part>();
        var text = new StringBuilder();
        var i = 0;
        while (i < raw.Length)
        {
            var close = raw[i] == '$' && i + 1 < raw.Length && raw[i + 1] == '{' ? raw.IndexOf('}', i + 2) : -1;
            if (close < 0)
            {
                text.Append(raw[i++]);
                continue;
            }
            if (text.Length > 0) parts.Add(new Part(PartKind.Text, text.ToString(), null));
            text.Clear();
            parts.Add(ParseVariable(raw[(i + 2)..close]));
            i = close + 1;
        }
        if (text.Length > 0) parts.Add(new Part(PartKind.Text, text.ToString(), null));
        return new PolicyPattern(raw, [.. parts]);
    }

    private static Part ParseVariable(string body)
    {
        // ${*}, ${?} and ${$} stand for the character itself, never a wildcard.
        if (body is "*" or "?" or "$") return new Part(PartKind.Literal, body, null);
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0) return new Part(PartKind.Variable, body.Trim(), null);
        var fallback = body[(comma + 1)..].Trim();
        if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'') fallback = fallback[1..^1];
        return new Part(PartKind.Variable, body[..comma].Trim(), fallback);
    }

    /// <summary>
    /// Substitutes variables from <paramref name="keys"/>. False when a variable has no value and no default:
    /// then the value matches nothing (so string operators fail and their negated forms succeed, as AWS documents).
    /// </summary>
    public bool TryResolve(IReadOnlyDictionary<string, IReadOnlyList<string>> keys, out ResolvedPattern resolved)
    {
        if (parts is null)
        {
            resolved = new ResolvedPattern(Raw, null);
            return true;
        }
        var text = new StringBuilder();
        var literal = new List<bool>();
        foreach (var part in parts)
        {
            string value;
            var isLiteral = part.Kind != PartKind.Text;
            if (part.Kind == PartKind.Variable)
            {
                // Multivalued keys cannot be variables: only a single value substitutes.
                if (keys.TryGetValue(part.Value, out var values) && values.Count == 1)
                {
                    value = values[0];
                }
                else if (part.Default is not null)
                {
                    value = part.Default;
                }
                else
                {
                    resolved = default;
                    return false;
                }
            }
            else
            {
                value = part.Value;
            }

            text.Append(value);
            for (var k = 0; k < value.Length; k++) literal.Add(isLiteral);
        }
        resolved = new ResolvedPattern(text.ToString(), [.. literal]);
        return true;
    }

    private enum PartKind { Text, Literal, Variable }

    private sealed record Part(PartKind Kind, string Value, string? Default);
}

/// <summary>A pattern after variable substitution; <see cref="Literal"/> marks characters that are never wildcards.</summary>
internal readonly record struct ResolvedPattern(string Text, bool[]? Literal)
{
    /// <summary>True when <paramref name="input"/> matches with <c>*</c> (any run, across <c>/</c> and <c>:</c>) and <c>?</c> (one character).</summary>
    public bool Like(string input, bool ignoreCase = false) => Glob.Match(Text, Literal, 0, Text.Length, input, 0, input.Length, ignoreCase);

    /// <summary>
    /// ArnLike/ArnEquals: each of the six colon-separated parts is matched on its own (the last one, the resource,
    /// keeps any further colons), each may hold <c>*</c> and <c>?</c>.
    /// </summary>
    public bool ArnLike(string input)
    {
        Span<int> pc = stackalloc int[5];
        Span<int> ic = stackalloc int[5];
        if (!Colons(Text, pc) || !Colons(input, ic)) return false;
        int ps = 0, s = 0;
        for (var k = 0; k <= 5; k++)
        {
            var pe = k < 5 ? pc[k] : Text.Length;
            var se = k < 5 ? ic[k] : input.Length;
            if (!Glob.Match(Text, Literal, ps, pe, input, s, se, ignoreCase: false)) return false;
            ps = pe + 1;
            s = se + 1;
        }
        return true;
    }

    private static bool Colons(string text, Span<int> positions)
    {
        var found = 0;
        for (var i = 0; i < text.Length && found < 5; i++)
            if (text[i] == ':') positions[found++] = i;
        return found == 5;
    }

    /// <summary>Exact comparison (wildcards are plain characters).</summary>
    public bool Equal(string input, bool ignoreCase = false) =>
        string.Equals(Text, input, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary>The <c>*</c>/<c>?</c> matcher every policy element uses.</summary>
internal static class Glob
{
    /// <summary>Matches <paramref name="pattern"/>[ps..pe) against <paramref name="input"/>[s..se); characters flagged in <paramref name="literal"/> are not wildcards.</summary>
    public static bool Match(string pattern, bool[]? literal, int ps, int pe, string input, int s, int se, bool ignoreCase)
    {
        int p = ps, starP = -1, starS = 0;
        while (s < se)
        {
            if (p < pe && IsWild(pattern, literal, p, '?'))
            {
                p++;
                s++;
            }
            else if (p < pe && IsWild(pattern, literal, p, '*'))
            {
                starP = p++;
                starS = s;
            }
            else if (p < pe && Same(pattern[p], input[s], ignoreCase))
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }
        while (p < pe && IsWild(pattern, literal, p, '*')) p++;
        return p == pe;
    }

    /// <summary>Matches a whole string.</summary>
    public static bool Match(string pattern, string input, bool ignoreCase) =>
        Match(pattern, null, 0, pattern.Length, input, 0, input.Length, ignoreCase);

    private static bool IsWild(string pattern, bool[]? literal, int p, char wildcard) =>
        pattern[p] == wildcard && (literal is null || !literal[p]);

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
