using System.Globalization;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>CEL's string escapes: <c>\\ \" \' \` \? \a \b \f \n \r \t \v</c>, <c>\xHH</c>, <c>\uHHHH</c>, <c>\UHHHHHHHH</c>, <c>\ooo</c>.</summary>
internal static class CelEscapes
{
    /// <summary>Reads the escape at <paramref name="position"/> (a backslash) into the string and, for bytes, byte builders.</summary>
    public static void Read(CelSource source, string text, ref int position, StringBuilder builder, List<byte>? bytes)
    {
        var start = position;
        position++;
        if (position >= text.Length)
        {
            throw Invalid(source, text, start, position);
        }

        var c = text[position++];
        char? simple = c switch
        {
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            '`' => '`',
            '?' => '?',
            'a' => '\a',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ => null,
        };
        if (simple is { } ch)
        {
            builder.Append(ch);
            bytes?.Add((byte)ch);
            return;
        }

        int digits;
        int radix;
        switch (c)
        {
            case 'x' or 'X':
                digits = 2;
                radix = 16;
                break;
            case 'u' when bytes is null:
                digits = 4;
                radix = 16;
                break;
            case 'U' when bytes is null:
                digits = 8;
                radix = 16;
                break;
            case >= '0' and <= '3':
                position--;
                digits = 3;
                radix = 8;
                break;
            default:
                throw Invalid(source, text, start, position);
        }

        if (position + digits > text.Length)
        {
            throw Invalid(source, text, start, text.Length);
        }

        var code = 0;
        for (var i = 0; i < digits; i++)
        {
            var d = text[position + i];
            var v = radix == 16 && char.IsAsciiHexDigit(d) ? int.Parse(d.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : radix == 8 && d is >= '0' and <= '7' ? d - '0'
                : -1;
            if (v < 0)
            {
                throw Invalid(source, text, start, position + i + 1);
            }

            code = (code * radix) + v;
        }

        position += digits;
        if (bytes is not null)
        {
            bytes.Add((byte)code);
            builder.Append((char)code);
            return;
        }

        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            throw Invalid(source, text, start, position);
        }

        builder.Append(char.ConvertFromUtf32(code));
    }

    private static ValidationRuleException Invalid(CelSource source, string text, int start, int end) =>
        source.Error(start, $"Syntax error: token recognition error at: '{text[start..Math.Min(end, text.Length)]}'");
}
