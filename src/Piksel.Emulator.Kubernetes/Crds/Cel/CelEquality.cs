namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// CEL's heterogeneous equality and ordering: numbers compare by value across int, uint and double; values of
/// different types are unequal (not an error); lists and maps compare deeply.
/// </summary>
internal static class CelEquality
{
    /// <summary>Whether two values are equal.</summary>
    public static bool AreEqual(object left, object right)
    {
        switch (left, right)
        {
            case (string a, string b):
                return string.Equals(a, b, StringComparison.Ordinal);
            case (bool a, bool b):
                return a == b;
            case (byte[] a, byte[] b):
                return a.AsSpan().SequenceEqual(b);
            case (CelNull, CelNull):
                return true;
            case (IReadOnlyList<object> a, IReadOnlyList<object> b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!AreEqual(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (CelMap a, CelMap b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, value) in a.Entries)
                {
                    if (!b.TryGet(key, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return IsNumber(left) && IsNumber(right) && CompareNumbers(left, right) == 0;
        }
    }

    /// <summary>Whether <paramref name="value"/> is an int, uint or double.</summary>
    public static bool IsNumber(object value) => value is long or ulong or double;

    /// <summary>Orders two values of comparable types; null when CEL has no such overload.</summary>
    public static int? Compare(object left, object right) => (left, right) switch
    {
        (string a, string b) => Math.Sign(string.CompareOrdinal(a, b)),
        (bool a, bool b) => a.CompareTo(b),
        (byte[] a, byte[] b) => Math.Sign(a.AsSpan().SequenceCompareTo(b)),
        _ when IsNumber(left) && IsNumber(right) => CompareNumbers(left, right),
        _ => null,
    };

    /// <summary>Orders numbers exactly across int, uint and double (NaN compares unequal to everything).</summary>
    private static int? CompareNumbers(object left, object right) => (left, right) switch
    {
        (long a, long b) => a.CompareTo(b),
        (ulong a, ulong b) => a.CompareTo(b),
        (long a, ulong b) => a < 0 ? -1 : ((ulong)a).CompareTo(b),
        (ulong a, long b) => b < 0 ? 1 : a.CompareTo((ulong)b),
        (double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b),
        (double a, long b) => CompareDouble(a, b),
        (long a, double b) => -CompareDouble(b, a),
        (double a, ulong b) => CompareDouble(a, b),
        (ulong a, double b) => -CompareDouble(b, a),
        _ => null,
    };

    private static int? CompareDouble(double a, long b)
    {
        if (double.IsNaN(a))
        {
            return null;
        }

        if (a < -9.2233720368547758E18)
        {
            return -1;
        }

        if (a >= 9.2233720368547758E18)
        {
            return 1;
        }

        var truncated = (long)Math.Truncate(a);
        var c = truncated.CompareTo(b);
        return c != 0 ? c : a.CompareTo(Math.Truncate(a));
    }

    private static int? CompareDouble(double a, ulong b)
    {
        if (double.IsNaN(a))
        {
            return null;
        }

        if (a < 0)
        {
            return -1;
        }

        if (a >= 1.8446744073709552E19)
        {
            return 1;
        }

        var truncated = (ulong)Math.Truncate(a);
        var c = truncated.CompareTo(b);
        return c != 0 ? c : a.CompareTo(Math.Truncate(a));
    }
}
