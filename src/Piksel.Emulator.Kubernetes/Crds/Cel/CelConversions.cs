using System.Globalization;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>CEL's type conversions <c>int() uint() double() string() bool() bytes()</c> and <c>size()</c>.</summary>
internal static class CelConversions
{
    /// <summary>Applies the conversion or size function <paramref name="function"/> to <paramref name="value"/>.</summary>
    public static object Apply(string function, object value) => function switch
    {
        "int" => ToInt(value),
        "uint" => ToUint(value),
        "double" => value switch
        {
            double d => d,
            long l => (double)l,
            ulong u => (double)u,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            string s => new CelError($"strconv.ParseFloat: parsing {Quote(s)}: invalid syntax"),
            _ => CelOperators.NoOverload("double", value),
        },
        "string" => value switch
        {
            string s => s,
            long l => l.ToString(CultureInfo.InvariantCulture),
            ulong u => u.ToString(CultureInfo.InvariantCulture),
            double d => FormatDouble(d),
            bool b => b ? "true" : "false",
            byte[] bytes => Utf8(bytes),
            _ => CelOperators.NoOverload("string", value),
        },
        "bool" => value switch
        {
            bool b => b,
            string s when s is "true" or "True" or "TRUE" or "t" or "1" => true,
            string s when s is "false" or "False" or "FALSE" or "f" or "0" => false,
            string s => new CelError($"type conversion error from 'string' to 'bool': {Quote(s)}"),
            _ => CelOperators.NoOverload("bool", value),
        },
        "bytes" => value switch
        {
            byte[] b => b,
            string s => Encoding.UTF8.GetBytes(s),
            _ => CelOperators.NoOverload("bytes", value),
        },
        "dyn" => value,
        "size" => value switch
        {
            string s => (long)s.EnumerateRunes().Count(),
            byte[] b => (long)b.Length,
            IReadOnlyList<object> list => (long)list.Count,
            CelMap map => (long)map.Count,
            _ => CelOperators.NoOverload("size", value),
        },
        _ => CelOperators.NoOverload(function, value),
    };

    private static object ToInt(object value) => value switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : new CelError("range error converting uint to int"),
        double d => double.IsFinite(d) && d > -9.2233720368547758E18 && d < 9.2233720368547758E18
            ? (long)Math.Truncate(d)
            : new CelError("range error converting double to int"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : new CelError($"strconv.ParseInt: parsing {Quote(s)}: invalid syntax"),
        _ => CelOperators.NoOverload("int", value),
    };

    private static object ToUint(object value) => value switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : new CelError("range error converting int to uint"),
        double d => double.IsFinite(d) && d > -1 && d < 1.8446744073709552E19
            ? (ulong)Math.Truncate(d)
            : new CelError("range error converting double to uint"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            ? u
            : new CelError($"strconv.ParseUint: parsing {Quote(s)}: invalid syntax"),
        _ => CelOperators.NoOverload("uint", value),
    };

    private static object Utf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new CelError("invalid UTF-8 in bytes, cannot convert to string");
        }
    }

    // Go's strconv.FormatFloat(d, 'g', -1, 64) spelling: shortest round-trip, lower-case exponent.
    private static string FormatDouble(double d) =>
        double.IsPositiveInfinity(d) ? "+Inf" : double.IsNegativeInfinity(d) ? "-Inf" : double.IsNaN(d) ? "NaN"
            : d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static string Quote(string s) => "\"" + (s.Length > 64 ? s[..64] + "…" : s) + "\"";
}
