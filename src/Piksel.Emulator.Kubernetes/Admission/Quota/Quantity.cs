using System.Globalization;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// A Kubernetes resource quantity (apimachinery <c>resource.Quantity</c>) held exactly as a decimal: <c>500m</c>,
/// <c>64Mi</c>, <c>1Gi</c>, <c>1e3</c>, <c>0.5</c>. It remembers its format (binary, decimal SI or exponent) so that
/// <see cref="ToString"/> gives the canonical form kube-apiserver prints in its messages (<c>1000m</c> prints <c>1</c>).
/// </summary>
public readonly record struct Quantity(decimal Value, QuantityFormat Format) : IComparable<Quantity>
{
    private static readonly (string Suffix, decimal Factor)[] Binary =
        [("Ki", 1024m), ("Mi", 1048576m), ("Gi", 1073741824m), ("Ti", 1099511627776m), ("Pi", 1125899906842624m), ("Ei", 1152921504606846976m)];

    private static readonly (string Suffix, int Exponent)[] Decimal =
        [("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)];

    /// <summary>Zero, in decimal SI.</summary>
    public static Quantity Zero { get; } = new(0m, QuantityFormat.DecimalSI);

    /// <summary>Parses <paramref name="text"/>; false when it is not a quantity (or too large to hold).</summary>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64) return false;
        var end = 0;
        if (text[0] is '+' or '-') end++;
        var digits = 0;
        var dot = false;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || (text[end] == '.' && !dot)))
        {
            if (text[end] == '.') dot = true;
            else digits++;
            end++;
        }
        if (digits == 0) return false;
        if (!decimal.TryParse(text[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        var suffix = text[end..];
        try
        {
            foreach (var (s, factor) in Binary)
            {
                if (s != suffix) continue;
                quantity = new Quantity(number * factor, QuantityFormat.BinarySI);
                return true;
            }
            foreach (var (s, exponent) in Decimal)
            {
                if (s != suffix) continue;
                quantity = new Quantity(Scale(number, exponent), QuantityFormat.DecimalSI);
                return true;
            }
            if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
                && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) && e is >= -28 and <= 28)
            {
                quantity = new Quantity(Scale(number, e), QuantityFormat.DecimalExponent);
                return true;
            }
        }
        catch (OverflowException)
        {
            return false;
        }
        return false;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> when it is not a quantity.</summary>
    public static Quantity Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");

    /// <summary>The quantity a JSON value holds (a string, or a number as YAML/JSON clients may send); false otherwise.</summary>
    public static bool TryRead(JsonNode? node, out Quantity quantity)
    {
        quantity = Zero;
        if (node is not JsonValue value) return false;
        if (value.TryGetValue<string>(out var text)) return TryParse(text, out quantity);
        if (value.TryGetValue<decimal>(out var number)) return TryParse(number.ToString(CultureInfo.InvariantCulture), out quantity);
        return false;
    }

    private static decimal Scale(decimal number, int exponent)
    {
        var result = number;
        for (var i = 0; i < Math.Abs(exponent); i++) result = exponent > 0 ? result * 10m : result / 10m;
        return result;
    }

    /// <summary>The sum, in this quantity's format (as Quantity.Add keeps the receiver's).</summary>
    public Quantity Add(Quantity other) => new(Value + other.Value, Format);

    /// <summary>The difference, in this quantity's format.</summary>
    public Quantity Subtract(Quantity other) => new(Value - other.Value, Format);

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    /// <summary>Ordering by value.</summary>
    public static bool operator <(Quantity a, Quantity b) => a.Value < b.Value;

    /// <summary>Ordering by value.</summary>
    public static bool operator >(Quantity a, Quantity b) => a.Value > b.Value;

    /// <summary>Ordering by value.</summary>
    public static bool operator <=(Quantity a, Quantity b) => a.Value <= b.Value;

    /// <summary>Ordering by value.</summary>
    public static bool operator >=(Quantity a, Quantity b) => a.Value >= b.Value;

    /// <summary>True when both hold the same amount, whatever their formats (<c>1</c> and <c>1000m</c>).</summary>
    public bool SameValue(Quantity other) => Value == other.Value;

    /// <summary>The canonical form (Quantity.String): the largest suffix of the format that keeps the number whole.</summary>
    public override string ToString()
    {
        var value = Value;
        if (value == 0) return "0";
        if (Format == QuantityFormat.BinarySI && decimal.Truncate(value) == value && Math.Abs(value) >= 1024)
        {
            for (var i = Binary.Length - 1; i >= 0; i--)
            {
                var (suffix, factor) = Binary[i];
                if (value % factor == 0) return Whole(value / factor) + suffix;
            }
        }
        if (Format == QuantityFormat.BinarySI && decimal.Truncate(value) == value) return Whole(value);
        // Decimal forms: the largest power of 1000 that leaves a whole number (down to nano, rounding up past it).
        var exponent = 18;
        while (exponent > -9 && value % Pow10(exponent) != 0) exponent -= 3;
        var mantissa = exponent >= -9 && value % Pow10(exponent) == 0 ? value / Pow10(exponent) : decimal.Ceiling(value / Pow10(-9));
        if (Format == QuantityFormat.DecimalExponent) return Whole(mantissa) + (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
        return Whole(mantissa) + Decimal.First(d => d.Exponent == exponent).Suffix;
    }

    private static decimal Pow10(int exponent) => Scale(1m, exponent);

    private static string Whole(decimal value) => decimal.Truncate(value).ToString(CultureInfo.InvariantCulture);
}

/// <summary>How a quantity was written, which decides how it is printed back.</summary>
public enum QuantityFormat
{
    /// <summary>Powers of 1000: m, k, M, G… (and no suffix).</summary>
    DecimalSI,

    /// <summary>Powers of 1024: Ki, Mi, Gi…</summary>
    BinarySI,

    /// <summary>Scientific: 1e3.</summary>
    DecimalExponent,
}
