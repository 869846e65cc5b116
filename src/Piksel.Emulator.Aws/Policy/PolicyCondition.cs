namespace Piksel.Emulator.Aws.Policy;

/// <summary>The base operators of IAM's Condition element (the IfExists suffix and set qualifiers are kept apart).</summary>
internal enum ConditionOperator
{
    StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike,
    NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals,
    DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals,
    Bool, BinaryEquals, IpAddress, NotIpAddress, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, Null,
}

/// <summary>ForAnyValue: / ForAllValues: before an operator.</summary>
internal enum SetQualifier { None, ForAnyValue, ForAllValues }

/// <summary>One key test of a Condition block: <c>"ForAnyValue:StringLikeIfExists": { "key": [values] }</c>.</summary>
internal sealed class PolicyCondition
{
    public required ConditionOperator Operator { get; init; }
    public required SetQualifier Set { get; init; }
    public required bool IfExists { get; init; }
    public required string Key { get; init; }
    public required IReadOnlyList<PolicyPattern> Values { get; init; }

    /// <summary>Splits an operator name such as <c>ForAllValues:StringNotLikeIfExists</c>; false when it is not one of AWS's.</summary>
    public static bool TryParseOperator(string name, out ConditionOperator op, out SetQualifier set, out bool ifExists)
    {
        set = SetQualifier.None;
        op = default;
        if (name.StartsWith("ForAnyValue:", StringComparison.Ordinal)) (set, name) = (SetQualifier.ForAnyValue, name["ForAnyValue:".Length..]);
        else if (name.StartsWith("ForAllValues:", StringComparison.Ordinal)) (set, name) = (SetQualifier.ForAllValues, name["ForAllValues:".Length..]);
        ifExists = name.EndsWith("IfExists", StringComparison.Ordinal) && name != "IfExists";
        if (ifExists) name = name[..^"IfExists".Length];
        // Enum.TryParse would accept numbers and other casings; IAM's operator names are exact.
        return name.Length > 0 && !char.IsDigit(name[0]) && Enum.TryParse(name, ignoreCase: false, out op) && Enum.IsDefined(op)
            && !(ifExists && op == ConditionOperator.Null);
    }

    /// <summary>Whether policy variables may appear in this operator's values (String and ARN operators only).</summary>
    public static bool TakesVariables(ConditionOperator op) =>
        op is <= ConditionOperator.StringNotLike or (>= ConditionOperator.ArnEquals and <= ConditionOperator.ArnNotLike);

    /// <summary>Evaluates this test against the request's keys.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        keys.TryGetValue(Key, out var found);
        var present = found is { Count: > 0 };
        if (Operator == ConditionOperator.Null)
        {
            // "true" asks for absence; any other value asks for presence.
            var wantAbsent = Values.Count > 0 && string.Equals(Values[0].Raw, "true", StringComparison.OrdinalIgnoreCase);
            return wantAbsent != present;
        }
        if (!present)
        {
            if (IfExists) return true;
            return Set switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => IsNegated(Operator),
            };
        }
        var values = found!;
        var resolved = Resolve(keys);
        var negated = IsNegated(Operator);
        var basic = Positive(Operator);
        // A negated operator holds for a request value that matches none of the policy values (multiple values AND).
        bool Holds(string requestValue) => ConditionMatch.AnyMatch(basic, requestValue, resolved) != negated;
        return Set switch
        {
            SetQualifier.ForAllValues => values.All(Holds),
            SetQualifier.ForAnyValue => values.Any(Holds),
            _ => negated ? values.All(Holds) : values.Any(Holds),
        };
    }

    private List<ResolvedPattern> Resolve(IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        var list = new List<ResolvedPattern>(Values.Count);
        foreach (var value in Values)
            if (value.TryResolve(keys, out var r)) list.Add(r);
        return list;
    }

    /// <summary>True for the operators that hold when the value does NOT match.</summary>
    public static bool IsNegated(ConditionOperator op) => op is ConditionOperator.StringNotEquals or ConditionOperator.StringNotEqualsIgnoreCase
        or ConditionOperator.StringNotLike or ConditionOperator.NumericNotEquals or ConditionOperator.DateNotEquals
        or ConditionOperator.NotIpAddress or ConditionOperator.ArnNotEquals or ConditionOperator.ArnNotLike;

    private static ConditionOperator Positive(ConditionOperator op) => op switch
    {
        ConditionOperator.StringNotEquals => ConditionOperator.StringEquals,
        ConditionOperator.StringNotEqualsIgnoreCase => ConditionOperator.StringEqualsIgnoreCase,
        ConditionOperator.StringNotLike => ConditionOperator.StringLike,
        ConditionOperator.NumericNotEquals => ConditionOperator.NumericEquals,
        ConditionOperator.DateNotEquals => ConditionOperator.DateEquals,
        ConditionOperator.NotIpAddress => ConditionOperator.IpAddress,
        ConditionOperator.ArnNotEquals => ConditionOperator.ArnEquals,
        ConditionOperator.ArnNotLike => ConditionOperator.ArnLike,
        _ => op,
    };
}
