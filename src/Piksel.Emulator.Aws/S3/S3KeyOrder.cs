using System.Text;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// S3 lists keys in UTF-8 binary order. Ordinal UTF-16 comparison differs from it only where surrogate pairs meet
/// U+E000–U+FFFF, so keys are compared by code point, which is the same order as their UTF-8 bytes.
/// </summary>
public sealed class S3KeyOrder : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static S3KeyOrder Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j] && !char.IsSurrogate(x[i]))
            {
                i++;
                j++;
                continue;
            }
            Rune.DecodeFromUtf16(x.AsSpan(i), out var a, out var na);
            Rune.DecodeFromUtf16(y.AsSpan(j), out var b, out var nb);
            if (a.Value != b.Value) return a.Value.CompareTo(b.Value);
            i += na;
            j += nb;
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }
}
