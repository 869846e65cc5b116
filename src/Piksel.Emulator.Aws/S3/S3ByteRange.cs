using System.Globalization;

namespace Piksel.Emulator.Aws.S3;

/// <summary>The single byte range S3 understands in <c>Range</c> and <c>x-amz-copy-source-range</c>.</summary>
internal static class S3ByteRange
{
    /// <summary>A single byte range; Start = -1 when unsatisfiable; null when the header is not one S3 understands (then the whole object is sent).</summary>
    public static (long Start, long End)? Parse(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return null;
        var spec = header[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal)) return null;
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix)) return null;
            if (suffix == 0 || size == 0) return (-1, -1);
            return (Math.Max(0, size - suffix), size - 1);
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        var end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end)) return null;
            if (end < start) return null;
            end = Math.Min(end, size - 1);
        }
        return start >= size ? (-1, -1) : (start, end);
    }
}
