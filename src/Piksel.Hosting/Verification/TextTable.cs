using System.Text;

namespace Piksel.Hosting.Verification;

/// <summary>Aligned text columns, as <c>verify</c> prints its tables.</summary>
internal static class TextTable
{
    /// <summary>Appends <paramref name="headers"/> and <paramref name="rows"/> with columns padded to their widest cell.</summary>
    public static void Append(StringBuilder text, string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        foreach (var row in rows)
        {
            Line(row);
        }
    }
}
