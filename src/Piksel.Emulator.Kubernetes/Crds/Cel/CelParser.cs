namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// A recursive-descent parser for cel-spec's grammar (precedence low to high: <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>,
/// relations and <c>in</c>, <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, member, index and call), expanding the macros
/// (<c>has</c>, <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>filter</c>, <c>map</c>) as cel-go does.
/// </summary>
internal sealed class CelParser
{
    /// <summary>cel-go's default limit on an expression's size in code points.</summary>
    public const int MaxCodePoints = 100_000;

    /// <summary>How deeply expressions may nest before the parser refuses (cel-go's default recursion limit).</summary>
    public const int MaxDepth = 250;

    private static readonly HashSet<string> Relations = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly HashSet<string> Comprehensions = ["all", "exists", "exists_one", "filter", "map"];

    private readonly CelSource source;
    private readonly List<CelToken> tokens;
    private int index;
    private int depth;

    private CelParser(CelSource source, List<CelToken> tokens)
    {
        this.source = source;
        this.tokens = tokens;
    }

    /// <summary>Parses <paramref name="source"/> or throws a compile error.</summary>
    public static CelExpr Parse(CelSource source)
    {
        if (source.Text.Length > MaxCodePoints)
        {
            throw new ValidationRuleException($"ERROR: <input>:-1:0: expression code point size exceeds limit: size: {source.Text.Length}, limit {MaxCodePoints}");
        }

        var parser = new CelParser(source, new CelLexer(source).Tokenize());
        var expr = parser.Expression();
        if (parser.Current.Kind != CelTokenKind.End)
        {
            throw parser.Mismatch("<EOF>");
        }

        return expr;
    }

    private CelToken Current => tokens[index];

    private bool At(string punct) => Current.Kind == CelTokenKind.Punct && Current.Text == punct;

    private CelToken Expect(string punct)
    {
        if (!At(punct))
        {
            throw Mismatch($"'{punct}'");
        }

        return tokens[index++];
    }

    private ValidationRuleException Mismatch(string expected) =>
        source.Error(Current.Offset, $"Syntax error: mismatched input '{Current.Text}' expecting {expected}");

    private CelExpr Expression()
    {
        if (++depth > MaxDepth)
        {
            throw source.Error(Current.Offset, $"Syntax error: expression recursion limit exceeded: {MaxDepth}");
        }

        var condition = Or();
        if (At("?"))
        {
            var offset = tokens[index++].Offset;
            var then = Or();
            Expect(":");
            var otherwise = Expression();
            condition = new CelConditional(condition, then, otherwise, offset);
        }

        depth--;
        return condition;
    }

    private CelExpr Or()
    {
        var left = And();
        while (At("||"))
        {
            var offset = tokens[index++].Offset;
            left = new CelLogical(false, left, And(), offset);
        }

        return left;
    }

    private CelExpr And()
    {
        var left = Relation();
        while (At("&&"))
        {
            var offset = tokens[index++].Offset;
            left = new CelLogical(true, left, Relation(), offset);
        }

        return left;
    }

    private CelExpr Relation()
    {
        var left = Addition();
        while ((Current.Kind == CelTokenKind.Punct && Relations.Contains(Current.Text)) || Current.Kind == CelTokenKind.In)
        {
            var op = tokens[index++];
            left = new CelBinary(op.Text, left, Addition(), op.Offset);
        }

        return left;
    }

    private CelExpr Addition()
    {
        var left = Multiplication();
        while (At("+") || At("-"))
        {
            var op = tokens[index++];
            left = new CelBinary(op.Text, left, Multiplication(), op.Offset);
        }

        return left;
    }

    private CelExpr Multiplication()
    {
        var left = Unary();
        while (At("*") || At("/") || At("%"))
        {
            var op = tokens[index++];
            left = new CelBinary(op.Text, left, Unary(), op.Offset);
        }

        return left;
    }

    private CelExpr Unary()
    {
        if (At("!") || At("-"))
        {
            var op = tokens[index++];
            if (++depth > MaxDepth)
            {
                throw source.Error(op.Offset, $"Syntax error: expression recursion limit exceeded: {MaxDepth}");
            }

            // A negative int literal is one literal, so -9223372036854775808 is representable.
            var operand = op.Text == "-" && Current.Kind == CelTokenKind.Int ? NegativeLiteral(op) : Unary();
            depth--;
            return operand is CelLiteral { Offset: var o } lit && o == op.Offset ? lit : new CelUnary(op.Text, operand, op.Offset);
        }

        return Member(Primary());
    }

    private CelExpr NegativeLiteral(CelToken minus)
    {
        var token = tokens[index++];
        var magnitude = (ulong)token.Value!;
        CelExpr literal = new CelLiteral(magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude, minus.Offset);
        return Member(literal);
    }

    private CelExpr Member(CelExpr operand)
    {
        while (true)
        {
            if (At("."))
            {
                index++;
                var name = Current.Kind == CelTokenKind.Identifier ? tokens[index++] : throw Mismatch("IDENTIFIER");
                if (At("("))
                {
                    index++;
                    var args = Arguments(")");
                    operand = ReceiverCall(operand, name, args);
                }
                else
                {
                    operand = new CelSelect(operand, name.Text, false, name.Offset);
                }
            }
            else if (At("["))
            {
                var offset = tokens[index++].Offset;
                var key = Expression();
                Expect("]");
                operand = new CelIndex(operand, key, offset);
            }
            else
            {
                return operand;
            }
        }
    }

    private CelExpr ReceiverCall(CelExpr target, CelToken name, List<CelExpr> args)
    {
        if (!Comprehensions.Contains(name.Text) || args.Count is < 2 or > 3 || (args.Count == 3 && name.Text != "map"))
        {
            return new CelCall(target, name.Text, args, name.Offset);
        }

        if (args[0] is not CelIdent variable)
        {
            throw source.Error(args[0].Offset, "argument must be a simple name");
        }

        return name.Text == "map"
            ? new CelComprehension("map", target, variable.Name, args.Count == 3 ? args[1] : null, args[^1], name.Offset)
            : new CelComprehension(name.Text, target, variable.Name, args[1], null, name.Offset);
    }

    private List<CelExpr> Arguments(string close)
    {
        var args = new List<CelExpr>();
        while (!At(close))
        {
            args.Add(Expression());
            if (!At(","))
            {
                break;
            }

            index++;
        }

        Expect(close);
        return args;
    }

    private CelExpr Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case CelTokenKind.Int:
                index++;
                return (ulong)token.Value! > long.MaxValue
                    ? throw source.Error(token.Offset, "invalid int literal")
                    : new CelLiteral((long)(ulong)token.Value!, token.Offset);
            case CelTokenKind.Uint or CelTokenKind.Double or CelTokenKind.String or CelTokenKind.Bytes
                or CelTokenKind.True or CelTokenKind.False or CelTokenKind.Null:
                index++;
                return new CelLiteral(token.Value!, token.Offset);
            case CelTokenKind.Identifier:
                index++;
                if (!At("("))
                {
                    return new CelIdent(token.Text, token.Offset);
                }

                index++;
                var args = Arguments(")");
                if (token.Text != "has")
                {
                    return new CelCall(null, token.Text, args, token.Offset);
                }

                return args is [CelSelect select]
                    ? select with { TestOnly = true }
                    : throw source.Error(token.Offset, "invalid argument to has() macro");
            case CelTokenKind.Punct when token.Text == "(":
                index++;
                var inner = Expression();
                Expect(")");
                return inner;
            case CelTokenKind.Punct when token.Text == "[":
                index++;
                return new CelListLiteral(Arguments("]"), token.Offset);
            case CelTokenKind.Punct when token.Text == "{":
                index++;
                return MapLiteral(token.Offset);
            default:
                throw source.Error(token.Offset, $"Syntax error: mismatched input '{token.Text}' expecting {{'[', '{{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}}");
        }
    }

    private CelMapLiteral MapLiteral(int offset)
    {
        var entries = new List<KeyValuePair<CelExpr, CelExpr>>();
        while (!At("}"))
        {
            var key = Expression();
            Expect(":");
            entries.Add(new(key, Expression()));
            if (!At(","))
            {
                break;
            }

            index++;
        }

        Expect("}");
        return new CelMapLiteral(entries, offset);
    }
}
