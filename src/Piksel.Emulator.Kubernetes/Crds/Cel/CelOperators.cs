namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>CEL's operators on values: checked integer arithmetic, concatenation, relations, <c>in</c>, index and field selection.</summary>
internal static class CelOperators
{
    /// <summary>The "no such overload" error cel-go gives when no operator or function fits the values.</summary>
    public static CelError NoOverload(string op, params object[] args) =>
        new($"no such overload: {op}({string.Join(", ", args.Select(TypeName))})");

    /// <summary>CEL's name for a value's type.</summary>
    public static string TypeName(object value) => value switch
    {
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        byte[] => "bytes",
        bool => "bool",
        CelNull => "null_type",
        IReadOnlyList<object> => "list",
        CelMap => "map",
        _ => "unknown",
    };

    /// <summary>A binary operator other than <c>&amp;&amp;</c>, <c>||</c>.</summary>
    public static object Binary(string op, object left, object right, CelBudget budget)
    {
        try
        {
            return op switch
            {
                "==" => CelEquality.AreEqual(left, right),
                "!=" => !CelEquality.AreEqual(left, right),
                "<" or "<=" or ">" or ">=" => Relation(op, left, right),
                "in" => In(left, right, budget),
                "+" => Add(left, right, budget),
                "-" => (left, right) switch
                {
                    (long a, long b) => checked(a - b),
                    (ulong a, ulong b) => checked(a - b),
                    (double a, double b) => a - b,
                    _ => NoOverload("_-_", left, right),
                },
                "*" => (left, right) switch
                {
                    (long a, long b) => checked(a * b),
                    (ulong a, ulong b) => checked(a * b),
                    (double a, double b) => a * b,
                    _ => NoOverload("_*_", left, right),
                },
                "/" => (left, right) switch
                {
                    (long, 0L) or (ulong, 0UL) => new CelError("division by zero"),
                    (long a, long b) => a == long.MinValue && b == -1 ? new CelError("integer overflow") : a / b,
                    (ulong a, ulong b) => a / b,
                    (double a, double b) => a / b,
                    _ => NoOverload("_/_", left, right),
                },
                "%" => (left, right) switch
                {
                    (long, 0L) or (ulong, 0UL) => new CelError("modulus by zero"),
                    (long a, long b) => a == long.MinValue && b == -1 ? new CelError("integer overflow") : a % b,
                    (ulong a, ulong b) => a % b,
                    _ => NoOverload("_%_", left, right),
                },
                _ => NoOverload(op, left, right),
            };
        }
        catch (OverflowException)
        {
            return new CelError("integer overflow");
        }
    }

    /// <summary>Unary minus and logical not.</summary>
    public static object Unary(string op, object operand) => (op, operand) switch
    {
        ("!", bool b) => !b,
        ("-", long l) => l == long.MinValue ? new CelError("integer overflow") : -l,
        ("-", double d) => -d,
        _ => NoOverload(op == "!" ? "!_" : "-_", operand),
    };

    /// <summary><c>operand[index]</c> on a list or map.</summary>
    public static object Index(object operand, object index) => (operand, index) switch
    {
        (IReadOnlyList<object> list, _) => ListIndex(list, index),
        (CelMap map, _) => map.TryGet(index, out var value) ? value : new CelError($"no such key: {Format(index)}"),
        _ => NoOverload("_[_]", operand, index),
    };

    /// <summary><c>operand.field</c>: a map or schema object's key.</summary>
    public static object Select(object operand, string field, bool testOnly) => operand switch
    {
        CelMap map when testOnly => map.TryGet(field, out _),
        CelMap map => map.TryGet(field, out var value) ? value : new CelError($"no such key: {field}"),
        _ => new CelError($"no such overload: field selection on {TypeName(operand)}"),
    };

    private static object ListIndex(IReadOnlyList<object> list, object index)
    {
        long? i = index switch
        {
            long l => l,
            ulong u when u <= long.MaxValue => (long)u,
            double d when d == Math.Floor(d) && Math.Abs(d) < 9e18 => (long)d,
            _ => null,
        };
        if (i is null)
        {
            return NoOverload("_[_]", list, index);
        }

        return i >= 0 && i < list.Count ? list[(int)i] : new CelError($"index out of bounds: {i}");
    }

    private static object Relation(string op, object left, object right)
    {
        var order = CelEquality.Compare(left, right);
        if (order is null)
        {
            // NaN is unordered: every comparison with it is false, not an error.
            return CelEquality.IsNumber(left) && CelEquality.IsNumber(right) ? false : NoOverload($"_{op}_", left, right);
        }

        return op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static object In(object element, object container, CelBudget budget)
    {
        switch (container)
        {
            case IReadOnlyList<object> list:
                budget.Charge(list.Count);
                foreach (var item in list)
                {
                    if (CelEquality.AreEqual(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case CelMap map:
                return map.TryGet(element, out _);
            default:
                return NoOverload("@in", element, container);
        }
    }

    private static object Add(object left, object right, CelBudget budget)
    {
        switch (left, right)
        {
            case (long a, long b):
                return checked(a + b);
            case (ulong a, ulong b):
                return checked(a + b);
            case (double a, double b):
                return a + b;
            case (string a, string b):
                budget.Charge((a.Length + b.Length) / 10);
                return a + b;
            case (byte[] a, byte[] b):
                budget.Charge((a.Length + b.Length) / 10);
                return a.Concat(b).ToArray();
            case (IReadOnlyList<object> a, IReadOnlyList<object> b):
                budget.Charge(a.Count + b.Count);
                return a.Concat(b).ToArray();
            default:
                return NoOverload("_+_", left, right);
        }
    }

    private static string Format(object key) => key switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        _ => Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
