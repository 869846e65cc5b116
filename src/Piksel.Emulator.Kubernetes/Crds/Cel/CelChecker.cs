using System.Collections.Immutable;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// Checks a parsed rule before it is used, as the API server does when a CRD is written: every identifier declared
/// (self, oldSelf, a macro's variable), every field known to the schema, every function and operator overload existing
/// for the types it can infer. Unknown (dyn) types pass here and are checked when evaluated.
/// </summary>
internal sealed class CelChecker(CelSource source)
{
    private static readonly HashSet<string> Arithmetic = ["+", "-", "*", "/", "%"];

    /// <summary>Whether the rule mentions <c>oldSelf</c>.</summary>
    public bool UsesOldSelf { get; private set; }

    /// <summary>Checks <paramref name="expr"/> with <c>self</c> and <c>oldSelf</c> of type <paramref name="selfType"/>.</summary>
    public CelType Check(CelExpr expr, CelType selfType)
    {
        var scope = ImmutableDictionary<string, CelType>.Empty.Add("self", selfType).Add("oldSelf", selfType);
        return Visit(expr, scope);
    }

    private CelType Visit(CelExpr expr, ImmutableDictionary<string, CelType> scope)
    {
        switch (expr)
        {
            case CelLiteral literal:
                return TypeOf(literal.Value);
            case CelIdent ident:
                if (ident.Name == "oldSelf" && scope.ContainsKey("oldSelf"))
                {
                    UsesOldSelf = true;
                }

                return scope.TryGetValue(ident.Name, out var type)
                    ? type
                    : throw source.Error(ident.Offset, $"undeclared reference to '{ident.Name}' (in container '')");
            case CelSelect select:
                return Select(select, Visit(select.Operand, scope));
            case CelIndex index:
                var container = Visit(index.Operand, scope);
                Visit(index.Index, scope);
                return container.Kind switch
                {
                    CelKind.List => container.Element ?? CelType.Dyn,
                    CelKind.Map => container.Value ?? CelType.Dyn,
                    CelKind.Dyn or CelKind.Object => CelType.Dyn,
                    _ => throw source.Error(index.Offset, $"found no matching overload for '_[_]' applied to '({container}, dyn)'"),
                };
            case CelCall call:
                var receiver = call.Target is null ? null : Visit(call.Target, scope);
                var args = call.Args.Select(a => Visit(a, scope)).ToList();
                CelRegex.CheckLiteralPatterns(source, call);
                return CelFunctionSignatures.Resolve(call.Function, receiver, args, out var error) ?? throw source.Error(call.Offset, error!);
            case CelUnary unary:
                var operand = Visit(unary.Operand, scope);
                var fits = operand.Kind == CelKind.Dyn || (unary.Op == "!" ? operand.Kind == CelKind.Bool : operand.Kind is CelKind.Int or CelKind.Double);
                return fits ? (unary.Op == "!" ? CelType.Bool : operand)
                    : throw source.Error(unary.Offset, $"found no matching overload for '{(unary.Op == "!" ? "!_" : "-_")}' applied to '({operand})'");
            case CelBinary binary:
                return Binary(binary, Visit(binary.Left, scope), Visit(binary.Right, scope));
            case CelLogical logical:
                RequireBool(logical.Left, Visit(logical.Left, scope), logical.IsAnd ? "_&&_" : "_||_");
                RequireBool(logical.Right, Visit(logical.Right, scope), logical.IsAnd ? "_&&_" : "_||_");
                return CelType.Bool;
            case CelConditional conditional:
                RequireBool(conditional.Condition, Visit(conditional.Condition, scope), "_?_:_");
                var then = Visit(conditional.Then, scope);
                var otherwise = Visit(conditional.Else, scope);
                return then == otherwise ? then : CelType.Dyn;
            case CelListLiteral list:
                var items = list.Items.Select(i => Visit(i, scope)).Distinct().ToList();
                return new CelType(CelKind.List, items.Count == 1 ? items[0] : CelType.Dyn);
            case CelMapLiteral map:
                var keys = map.Entries.Select(e => Visit(e.Key, scope)).Distinct().ToList();
                var values = map.Entries.Select(e => Visit(e.Value, scope)).Distinct().ToList();
                return new CelType(CelKind.Map, keys.Count == 1 ? keys[0] : CelType.Dyn, values.Count == 1 ? values[0] : CelType.Dyn);
            case CelComprehension comprehension:
                return Comprehension(comprehension, scope);
            default:
                throw source.Error(expr.Offset, "unsupported expression");
        }
    }

    private CelType Select(CelSelect select, CelType operand)
    {
        if (operand.Kind is not (CelKind.Dyn or CelKind.Map or CelKind.Object))
        {
            throw source.Error(select.Offset, $"type '{operand}' does not support field selection");
        }

        var field = operand.Field(select.Field) ?? throw source.Error(select.Offset, $"undefined field '{select.Field}'");
        return select.TestOnly ? CelType.Bool : field;
    }

    private CelType Comprehension(CelComprehension comprehension, ImmutableDictionary<string, CelType> scope)
    {
        var range = Visit(comprehension.Range, scope);
        var variable = range.Kind switch
        {
            CelKind.List => range.Element ?? CelType.Dyn,
            CelKind.Map => range.Element ?? CelType.String,
            CelKind.Dyn => CelType.Dyn,
            _ => throw source.Error(comprehension.Range.Offset, $"expression of type '{range}' cannot be range of a comprehension (must be list, map, or dynamic)"),
        };
        var inner = scope.SetItem(comprehension.Variable, variable);
        if (comprehension.Predicate is not null)
        {
            RequireBool(comprehension.Predicate, Visit(comprehension.Predicate, inner), comprehension.Macro);
        }

        return comprehension.Macro switch
        {
            "filter" => new CelType(CelKind.List, variable),
            "map" => new CelType(CelKind.List, Visit(comprehension.Transform!, inner)),
            _ => CelType.Bool,
        };
    }

    private CelType Binary(CelBinary binary, CelType left, CelType right)
    {
        var dyn = left.Kind == CelKind.Dyn || right.Kind == CelKind.Dyn;
        if (binary.Op is "==" or "!=")
        {
            return CelType.Bool;
        }

        if (binary.Op == "in")
        {
            return dyn || right.Kind is CelKind.List or CelKind.Map ? CelType.Bool : throw Overload(binary, "@in", left, right);
        }

        if (Arithmetic.Contains(binary.Op))
        {
            if (dyn)
            {
                return left.Kind == CelKind.Dyn ? right : left;
            }

            var fits = left.Kind == right.Kind && binary.Op switch
            {
                "+" => left.Kind is CelKind.Int or CelKind.Uint or CelKind.Double or CelKind.String or CelKind.Bytes or CelKind.List,
                "%" => left.Kind is CelKind.Int or CelKind.Uint,
                _ => left.IsNumeric,
            };
            return fits ? left : throw Overload(binary, $"_{binary.Op}_", left, right);
        }

        var comparable = dyn || (left.IsNumeric && right.IsNumeric)
            || (left.Kind == right.Kind && left.Kind is CelKind.String or CelKind.Bool or CelKind.Bytes);
        return comparable ? CelType.Bool : throw Overload(binary, $"_{binary.Op}_", left, right);
    }

    private ValidationRuleException Overload(CelExpr at, string op, CelType left, CelType right) =>
        source.Error(at.Offset, $"found no matching overload for '{op}' applied to '({left}, {right})'");

    private void RequireBool(CelExpr at, CelType type, string op)
    {
        if (type.Kind is not (CelKind.Bool or CelKind.Dyn))
        {
            throw source.Error(at.Offset, $"found no matching overload for '{op}' applied to '({type})'");
        }
    }

    private static CelType TypeOf(object value) => value switch
    {
        long => CelType.Int,
        ulong => CelType.Uint,
        double => CelType.Double,
        string => CelType.String,
        byte[] => CelType.Bytes,
        bool => CelType.Bool,
        _ => CelType.Null,
    };
}
