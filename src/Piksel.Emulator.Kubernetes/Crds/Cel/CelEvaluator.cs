using System.Collections.Immutable;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// Evaluates a checked rule over values. Errors are values (as in cel-go) so that <c>&amp;&amp;</c>, <c>||</c>, all and
/// exists can absorb them commutatively; every node evaluated is charged to the <see cref="CelBudget"/>.
/// </summary>
internal sealed class CelEvaluator(CelBudget budget)
{
    /// <summary>The value of <paramref name="expr"/> with the variables in <paramref name="scope"/>.</summary>
    public object Evaluate(CelExpr expr, ImmutableDictionary<string, object> scope)
    {
        budget.Charge(1);
        switch (expr)
        {
            case CelLiteral literal:
                return literal.Value;
            case CelIdent ident:
                return scope.TryGetValue(ident.Name, out var value) ? value : new CelError($"no such attribute: {ident.Name}");
            case CelSelect select:
                var operand = Evaluate(select.Operand, scope);
                return operand is CelError ? operand : CelOperators.Select(operand, select.Field, select.TestOnly);
            case CelIndex index:
                var container = Evaluate(index.Operand, scope);
                var key = Evaluate(index.Index, scope);
                return container is CelError ? container : key is CelError ? key : CelOperators.Index(container, key);
            case CelUnary unary:
                var inner = Evaluate(unary.Operand, scope);
                return inner is CelError ? inner : CelOperators.Unary(unary.Op, inner);
            case CelBinary binary:
                var left = Evaluate(binary.Left, scope);
                var right = Evaluate(binary.Right, scope);
                return left is CelError ? left : right is CelError ? right : CelOperators.Binary(binary.Op, left, right, budget);
            case CelLogical logical:
                return Logical(logical, scope);
            case CelConditional conditional:
                return Evaluate(conditional.Condition, scope) switch
                {
                    true => Evaluate(conditional.Then, scope),
                    false => Evaluate(conditional.Else, scope),
                    CelError error => error,
                    var other => CelOperators.NoOverload("_?_:_", other),
                };
            case CelListLiteral list:
                var items = new object[list.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Evaluate(list.Items[i], scope);
                    if (items[i] is CelError)
                    {
                        return items[i];
                    }
                }

                return items;
            case CelMapLiteral map:
                return MapLiteral(map, scope);
            case CelCall call:
                return Call(call, scope);
            case CelComprehension comprehension:
                return Comprehension(comprehension, scope);
            default:
                return new CelError("unsupported expression");
        }
    }

    private object Logical(CelLogical logical, ImmutableDictionary<string, object> scope)
    {
        // CEL's && and || are commutative over errors: false && error is false, whichever side the error is on.
        var decisive = !logical.IsAnd;
        var left = Evaluate(logical.Left, scope);
        if (left is bool l && l == decisive)
        {
            return decisive;
        }

        var right = Evaluate(logical.Right, scope);
        if (right is bool r && r == decisive)
        {
            return decisive;
        }

        if (left is CelError)
        {
            return left;
        }

        if (right is CelError)
        {
            return right;
        }

        return left is bool && right is bool ? !decisive : CelOperators.NoOverload(logical.IsAnd ? "_&&_" : "_||_", left, right);
    }

    private object MapLiteral(CelMapLiteral map, ImmutableDictionary<string, object> scope)
    {
        var result = new CelMap();
        foreach (var (keyExpr, valueExpr) in map.Entries)
        {
            var key = Evaluate(keyExpr, scope);
            var value = Evaluate(valueExpr, scope);
            if (key is CelError)
            {
                return key;
            }

            if (value is CelError)
            {
                return value;
            }

            if (key is not (long or ulong or bool or string))
            {
                return new CelError($"unsupported key type: {CelOperators.TypeName(key)}");
            }

            if (!result.TryAdd(key, value))
            {
                return new CelError($"Failed with repeated key");
            }
        }

        return result;
    }

    private object Call(CelCall call, ImmutableDictionary<string, object> scope)
    {
        var target = call.Target is null ? null : Evaluate(call.Target, scope);
        if (target is CelError)
        {
            return target;
        }

        var args = new object[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Evaluate(call.Args[i], scope);
            if (args[i] is CelError)
            {
                return args[i];
            }
        }

        return (target, call.Function, args) switch
        {
            (null, "matches", [var s, var pattern]) => CelStringFunctions.Call("matches", s, [pattern], budget),
            (null, _, [var arg]) => CelConversions.Apply(call.Function, arg),
            ({ } t, "size", []) => CelConversions.Apply("size", t),
            ({ } t, _, _) => CelStringFunctions.Call(call.Function, t, args, budget),
            _ => CelOperators.NoOverload(call.Function, args),
        };
    }

    private object Comprehension(CelComprehension comprehension, ImmutableDictionary<string, object> scope)
    {
        var range = Evaluate(comprehension.Range, scope);
        var elements = range switch
        {
            IReadOnlyList<object> list => list,
            CelMap map => map.Keys,
            CelError => [],
            _ => [],
        };
        if (range is CelError)
        {
            return range;
        }

        if (range is not (IReadOnlyList<object> or CelMap))
        {
            return CelOperators.NoOverload(comprehension.Macro, range);
        }

        var results = new List<object>();
        CelError? error = null;
        var matches = 0;
        foreach (var element in elements)
        {
            budget.Charge(1);
            var inner = scope.SetItem(comprehension.Variable, element);
            var keep = comprehension.Predicate is null ? true : Evaluate(comprehension.Predicate, inner);
            switch (comprehension.Macro, keep)
            {
                case ("all", false):
                    return false;
                case ("exists", true):
                    return true;
                case (_, CelError e):
                    // all/exists keep looking for a decisive element; the others fail at once.
                    if (comprehension.Macro is "all" or "exists")
                    {
                        error ??= e;
                        continue;
                    }

                    return e;
                case (_, not bool):
                    return CelOperators.NoOverload(comprehension.Macro, keep);
                case ("exists_one", true):
                    matches++;
                    break;
                case ("filter", true):
                    results.Add(element);
                    break;
                case ("map", true):
                    var mapped = Evaluate(comprehension.Transform!, inner);
                    if (mapped is CelError)
                    {
                        return mapped;
                    }

                    results.Add(mapped);
                    break;
            }
        }

        return comprehension.Macro switch
        {
            "all" => error ?? (object)true,
            "exists" => error ?? (object)false,
            "exists_one" => matches == 1,
            _ => results.ToArray(),
        };
    }
}
