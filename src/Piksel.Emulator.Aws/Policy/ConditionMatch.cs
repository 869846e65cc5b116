using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>How one request value compares with one policy value, per operator family (positive forms only).</summary>
internal static class ConditionMatch
{
    /// <summary>True when <paramref name="requestValue"/> matches any of <paramref name="policyValues"/> (multiple values OR).</summary>
    public static bool AnyMatch(ConditionOperator op, string requestValue, List<ResolvedPattern> policyValues)
    {
        foreach (var p in policyValues)
            if (Match(op, requestValue, p)) return true;
        return false;
    }

    private static bool Match(ConditionOperator op, string r, ResolvedPattern p) => op switch
    {
        ConditionOperator.StringEquals => p.Equal(r),
        ConditionOperator.StringEqualsIgnoreCase => p.Equal(r, ignoreCase: true),
        ConditionOperator.StringLike => p.Like(r),
        ConditionOperator.NumericEquals => Numeric(r, p.Text, c => c == 0),
        ConditionOperator.NumericLessThan => Numeric(r, p.Text, c => c < 0),
        ConditionOperator.NumericLessThanEquals => Numeric(r, p.Text, c => c <= 0),
        ConditionOperator.NumericGreaterThan => Numeric(r, p.Text, c => c > 0),
        ConditionOperator.NumericGreaterThanEquals => Numeric(r, p.Text, c => c >= 0),
        ConditionOperator.DateEquals => Date(r, p.Text, c => c == 0),
        ConditionOperator.DateLessThan => Date(r, p.Text, c => c < 0),
        ConditionOperator.DateLessThanEquals => Date(r, p.Text, c => c <= 0),
        ConditionOperator.DateGreaterThan => Date(r, p.Text, c => c > 0),
        ConditionOperator.DateGreaterThanEquals => Date(r, p.Text, c => c >= 0),
        ConditionOperator.Bool => string.Equals(r, p.Text, StringComparison.OrdinalIgnoreCase),
        ConditionOperator.BinaryEquals => Binary(r, p.Text),
        ConditionOperator.IpAddress => InCidr(r, p.Text),
        ConditionOperator.ArnEquals or ConditionOperator.ArnLike => p.ArnLike(r),
        _ => false,
    };

    private static bool Numeric(string request, string policy, Func<int, bool> test) =>
        decimal.TryParse(request, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
        && decimal.TryParse(policy, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
        && test(a.CompareTo(b));

    private static bool Date(string request, string policy, Func<int, bool> test) =>
        TryParseDate(request, out var a) && TryParseDate(policy, out var b) && test(a.CompareTo(b));

    /// <summary>Dates are ISO 8601 (<c>2020-01-01T00:00:00Z</c>, date only, with offsets) or epoch seconds.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            value = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(epoch, -62135596800L, 253402300799L));
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool Binary(string request, string policy)
    {
        // Both sides are base64 text; compare the bytes so padding/encoding variants of the same value agree.
        var a = TryBase64(request);
        var b = TryBase64(policy);
        return a is not null && b is not null ? a.AsSpan().SequenceEqual(b) : string.Equals(request, policy, StringComparison.Ordinal);
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var n) ? buffer[..n] : null;
    }

    /// <summary>True when <paramref name="address"/> lies in <paramref name="cidr"/> (a CIDR block or a single address; IPv4 or IPv6).</summary>
    public static bool InCidr(string address, string cidr)
    {
        if (!IPAddress.TryParse(address.Trim(), out var ip)) return false;
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? cidr.Trim() : cidr[..slash].Trim(), out var network)) return false;
        if (ip.IsIPv4MappedToIPv6 && network.AddressFamily == AddressFamily.InterNetwork) ip = ip.MapToIPv4();
        if (ip.AddressFamily != network.AddressFamily) return false;
        var bytes = ip.GetAddressBytes();
        var net = network.GetAddressBytes();
        var bits = bytes.Length * 8;
        if (slash >= 0 && (!int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits > bytes.Length * 8))
            return false;
        for (var i = 0; i < bytes.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((bytes[i] & mask) != (net[i] & mask)) return false;
        }
        return true;
    }
}
