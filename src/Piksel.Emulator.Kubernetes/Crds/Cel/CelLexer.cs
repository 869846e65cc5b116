using System.Globalization;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>Splits a CEL rule into tokens as cel-spec's lexical grammar does (literals, identifiers, punctuation).</summary>
internal sealed class CelLexer(CelSource source)
{
    private static readonly string[] Punctuation =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    private static readonly HashSet<string> Reserved =
    [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ];

    private readonly string text = source.Text;
    private int position;

    /// <summary>All tokens, ending with <see cref="CelTokenKind.End"/>.</summary>
    public List<CelToken> Tokenize()
    {
        var tokens = new List<CelToken>();
        while (true)
        {
            SkipSpaceAndComments();
            if (position >= text.Length)
            {
                tokens.Add(new CelToken(CelTokenKind.End, "<EOF>", null, position));
                return tokens;
            }

            tokens.Add(Next());
        }
    }

    private void SkipSpaceAndComments()
    {
        while (position < text.Length)
        {
            if (char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            else if (text[position] == '/' && position + 1 < text.Length && text[position + 1] == '/')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private CelToken Next()
    {
        var start = position;
        var c = text[position];
        if (char.IsAsciiDigit(c) || (c == '.' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1])))
        {
            return Number();
        }

        if (c is '"' or '\'')
        {
            return StringLiteral(start, raw: false, bytes: false);
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            var word = text[start..position];
            if (position < text.Length && text[position] is '"' or '\'' && word.ToUpperInvariant() is "R" or "B" or "RB" or "BR")
            {
                return StringLiteral(start, raw: word.Contains('r', StringComparison.OrdinalIgnoreCase), bytes: word.Contains('b', StringComparison.OrdinalIgnoreCase));
            }

            return word switch
            {
                "true" => new CelToken(CelTokenKind.True, word, true, start),
                "false" => new CelToken(CelTokenKind.False, word, false, start),
                "null" => new CelToken(CelTokenKind.Null, word, CelNull.Value, start),
                "in" => new CelToken(CelTokenKind.In, word, null, start),
                _ when Reserved.Contains(word) => throw source.Error(start, $"Syntax error: reserved identifier: {word}"),
                _ => new CelToken(CelTokenKind.Identifier, word, null, start),
            };
        }

        foreach (var p in Punctuation)
        {
            if (string.CompareOrdinal(text, position, p, 0, p.Length) == 0)
            {
                position += p.Length;
                return new CelToken(CelTokenKind.Punct, p, null, start);
            }
        }

        throw source.Error(start, $"Syntax error: token recognition error at: '{c}'");
    }

    private CelToken Number()
    {
        var start = position;
        if (text[position] == '0' && position + 1 < text.Length && text[position + 1] is 'x' or 'X')
        {
            position += 2;
            while (position < text.Length && char.IsAsciiHexDigit(text[position]))
            {
                position++;
            }

            return Integer(start, text[(start + 2)..position], NumberStyles.AllowHexSpecifier);
        }

        var isDouble = false;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        if (position + 1 < text.Length && text[position] == '.' && char.IsAsciiDigit(text[position + 1]))
        {
            isDouble = true;
            position++;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
        }

        if (position < text.Length && text[position] is 'e' or 'E')
        {
            var mark = position++;
            if (position < text.Length && text[position] is '+' or '-')
            {
                position++;
            }

            if (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                isDouble = true;
                while (position < text.Length && char.IsAsciiDigit(text[position]))
                {
                    position++;
                }
            }
            else
            {
                position = mark;
            }
        }

        if (isDouble)
        {
            var value = double.Parse(text[start..position], NumberStyles.Float, CultureInfo.InvariantCulture);
            return new CelToken(CelTokenKind.Double, text[start..position], value, start);
        }

        return Integer(start, text[start..position], NumberStyles.None);
    }

    private CelToken Integer(int start, string digits, NumberStyles style)
    {
        var unsigned = position < text.Length && text[position] is 'u' or 'U';
        if (unsigned)
        {
            position++;
            return ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out var u)
                ? new CelToken(CelTokenKind.Uint, text[start..position], u, start)
                : throw source.Error(start, $"invalid uint literal");
        }

        // One past long.MaxValue is kept as a ulong so that unary minus can fold it into long.MinValue.
        if (ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out var value) && value <= (ulong)long.MaxValue + 1)
        {
            return new CelToken(CelTokenKind.Int, text[start..position], value, start);
        }

        throw source.Error(start, "invalid int literal");
    }

    private CelToken StringLiteral(int start, bool raw, bool bytes)
    {
        var quote = text[position];
        var triple = position + 2 < text.Length && text[position + 1] == quote && text[position + 2] == quote;
        position += triple ? 3 : 1;
        var builder = new StringBuilder();
        var byteBuilder = bytes ? new List<byte>() : null;
        while (true)
        {
            if (position >= text.Length || (!triple && text[position] == '\n'))
            {
                throw source.Error(start, "Syntax error: token recognition error at: '" + text[start..position] + "'");
            }

            if (triple ? string.CompareOrdinal(text, position, new string(quote, 3), 0, 3) == 0 : text[position] == quote)
            {
                position += triple ? 3 : 1;
                break;
            }

            if (text[position] == '\\' && !raw)
            {
                CelEscapes.Read(source, text, ref position, builder, byteBuilder);
                continue;
            }

            var width = char.IsHighSurrogate(text[position]) && position + 1 < text.Length ? 2 : 1;
            byteBuilder?.AddRange(Encoding.UTF8.GetBytes(text.Substring(position, width)));
            builder.Append(text, position, width);
            position += width;
        }

        return bytes
            ? new CelToken(CelTokenKind.Bytes, text[start..position], byteBuilder!.ToArray(), start)
            : new CelToken(CelTokenKind.String, text[start..position], builder.ToString(), start);
    }
}
