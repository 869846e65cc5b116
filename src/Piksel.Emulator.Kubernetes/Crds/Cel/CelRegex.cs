using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// RE2 patterns on .NET: the non-backtracking engine keeps matching linear as RE2 does (and, like RE2, has no
/// backreferences or lookaround); <c>\d \w \s</c> are narrowed to ASCII, <c>$</c> means end of text and
/// <c>(?P&lt;name&gt;…)</c> is accepted, as in RE2.
/// </summary>
internal static class CelRegex
{
    private const int MaxCached = 256;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>The compiled pattern, or a <see cref="CelError"/> saying why RE2 would refuse it.</summary>
    public static object Compile(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        try
        {
            var regex = new Regex(Translate(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout);
            if (Cache.Count < MaxCached)
            {
                Cache.TryAdd(pattern, regex);
            }

            return regex;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or RegexParseException)
        {
            return new CelError($"error parsing regexp: invalid or unsupported Perl syntax: `{pattern}`");
        }
    }

    /// <summary>Refuses, at compile time, a literal pattern RE2 would not accept.</summary>
    public static void CheckLiteralPatterns(CelSource source, CelCall call)
    {
        if (call.Function is not ("matches" or "find" or "findAll"))
        {
            return;
        }

        var pattern = call.Target is null && call.Args.Count == 2 ? call.Args[1] : call.Args.Count > 0 ? call.Args[0] : null;
        if (pattern is CelLiteral { Value: string text } && Compile(text) is CelError error)
        {
            throw source.Error(pattern.Offset, $"invalid {call.Function} argument: {error.Message}");
        }
    }

    private static string Translate(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?sm", StringComparison.Ordinal);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (char.IsAsciiDigit(next) && next != '0')
                {
                    throw new NotSupportedException("backreference");
                }

                builder.Append(next switch
                {
                    'd' => inClass ? "0-9" : "[0-9]",
                    'D' => inClass ? throw new NotSupportedException() : "[^0-9]",
                    'w' => inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]",
                    'W' => inClass ? throw new NotSupportedException() : "[^0-9A-Za-z_]",
                    's' => inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]",
                    'S' => inClass ? throw new NotSupportedException() : "[^\\t\\n\\f\\r ]",
                    'z' => "\\z",
                    'k' => throw new NotSupportedException("backreference"),
                    _ => "\\" + next,
                });
                continue;
            }

            if (inClass)
            {
                inClass = c != ']' || builder[^1] == '[' || (builder.Length > 1 && builder[^1] == '^' && builder[^2] == '[');
                builder.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                builder.Append(c);
            }
            else if (c == '$' && !multiline)
            {
                builder.Append("\\z");
            }
            else if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
