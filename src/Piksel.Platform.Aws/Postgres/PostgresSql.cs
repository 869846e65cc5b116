namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// Quoting for the statements PostgreSQL takes no parameters in (<c>CREATE ROLE</c>, <c>GRANT</c>, <c>ALTER ROLE …
/// PASSWORD</c>): identifiers in double quotes, literals as escape strings, so no name or password can end the token early.
/// </summary>
public static class PostgresSql
{
    /// <summary>The longest identifier PostgreSQL keeps (NAMEDATALEN − 1 bytes); longer names are truncated silently, so they are refused.</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary><paramref name="name"/> as a quoted identifier (<c>"a""b"</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, or holds a NUL.</exception>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) || System.Text.Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"'{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a PostgreSQL identifier (1 to {MaxIdentifierBytes} bytes, no NUL).", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// <paramref name="value"/> as an escape-string literal (<c>E'…'</c>): quotes doubled, backslashes doubled, so its
    /// meaning does not depend on <c>standard_conforming_strings</c>; <c>$</c> needs nothing outside dollar quoting.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds a NUL, which PostgreSQL cannot store (the value is not echoed).</exception>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A PostgreSQL string cannot hold a NUL character.", nameof(value));
        }

        return "E'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
