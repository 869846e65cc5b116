using System.Globalization;
using System.Text;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

// The label selector language of k8s.io/apimachinery/pkg/labels (selector.go): a lexer and a recursive-descent parser
// with the same error texts, so `kubectl get -l 'a in (b'` fails the way it does against a real server.
/// <summary>A label selector: equality (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>) and set-based (<c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>) requirements, ANDed.</summary>
public sealed class LabelSelector
{
    private enum Op { Exists, DoesNotExist, Equals, NotEquals, In, NotIn, GreaterThan, LessThan }

    private sealed record Requirement(string Key, Op Operator, IReadOnlyList<string> Values);

    private readonly IReadOnlyList<Requirement> requirements = [];

    private LabelSelector() { }

    private LabelSelector(IReadOnlyList<Requirement> requirements) => this.requirements = requirements;

    /// <summary>Matches everything.</summary>
    public static LabelSelector Everything { get; } = new();

    /// <summary>Parses the <c>labelSelector</c> query parameter; a malformed one is 400 BadRequest. (Implemented with list semantics.)</summary>
    public static LabelSelector Parse(string? text) => string.IsNullOrWhiteSpace(text) ? Everything : ParseCore(text);

    private static LabelSelector ParseCore(string text)
    {
        var parser = new Parser(text);
        return new LabelSelector(parser.Parse());
    }

    /// <summary>True when <paramref name="labels"/> satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Operator switch
            {
                Op.Exists => has,
                Op.DoesNotExist => !has,
                Op.Equals or Op.In => has && r.Values.Contains(value!, StringComparer.Ordinal),
                Op.NotEquals or Op.NotIn => !has || !r.Values.Contains(value!, StringComparer.Ordinal),
                Op.GreaterThan => has && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) && g > long.Parse(r.Values[0], CultureInfo.InvariantCulture),
                Op.LessThan => has && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l < long.Parse(r.Values[0], CultureInfo.InvariantCulture),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private enum Token { End, Identifier, DoesNotExist, Equals, DoubleEquals, NotEquals, In, NotIn, GreaterThan, LessThan, Open, Close, Comma }

    private sealed class Parser(string text)
    {
        private readonly List<(Token Kind, string Text)> tokens = Lex(text);
        private int at;

        private (Token Kind, string Text) Peek => tokens[at];
        private (Token Kind, string Text) Next() => tokens[at++];

        private static List<(Token, string)> Lex(string text)
        {
            var result = new List<(Token, string)>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                var op = text[i..] switch
                {
                    var s when s.StartsWith("==", StringComparison.Ordinal) => "==",
                    var s when s.StartsWith("!=", StringComparison.Ordinal) => "!=",
                    _ => c is '=' or '!' or '(' or ')' or ',' or '<' or '>' ? c.ToString() : null,
                };
                if (op is not null)
                {
                    result.Add((op switch
                    {
                        "==" => Token.DoubleEquals,
                        "!=" => Token.NotEquals,
                        "=" => Token.Equals,
                        "!" => Token.DoesNotExist,
                        "(" => Token.Open,
                        ")" => Token.Close,
                        "," => Token.Comma,
                        "<" => Token.LessThan,
                        _ => Token.GreaterThan,
                    }, op));
                    i += op.Length;
                    continue;
                }
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('=' or '!' or '(' or ')' or ',' or '<' or '>')) i++;
                var word = text[start..i];
                result.Add((word switch { "in" => Token.In, "notin" => Token.NotIn, _ => Token.Identifier }, word));
            }
            result.Add((Token.End, ""));
            return result;
        }

        private static StatusException Error(string message) => StatusException.BadRequest($"unable to parse requirement: {message}");

        public List<Requirement> Parse()
        {
            var list = new List<Requirement>();
            while (true)
            {
                if (Peek.Kind is Token.End) return list;
                list.Add(ParseRequirement());
                var t = Next();
                if (t.Kind is Token.End) return list;
                // Errors between requirements are not prefixed with "unable to parse requirement" (as in labels.Parse).
                if (t.Kind is not Token.Comma) throw StatusException.BadRequest($"found '{t.Text}', expected: ',' or 'end of string'");
                if (Peek.Kind is Token.End) throw StatusException.BadRequest("found '', expected: identifier after ','");
            }
        }

        private Requirement ParseRequirement()
        {
            var negated = false;
            if (Peek.Kind is Token.DoesNotExist) { negated = true; at++; }
            var keyToken = Next();
            if (keyToken.Kind is not Token.Identifier)
                throw Error($"found '{keyToken.Text}', expected: !, identifier, or 'end of string'");
            var key = keyToken.Text;
            ValidateKey(key);
            if (negated || Peek.Kind is Token.Comma or Token.End)
            {
                if (negated && Peek.Kind is not (Token.Comma or Token.End))
                    throw Error($"found '{Peek.Text}', expected: ',' or 'end of string'");
                return new Requirement(key, negated ? Op.DoesNotExist : Op.Exists, []);
            }
            var op = Next();
            switch (op.Kind)
            {
                case Token.Equals or Token.DoubleEquals or Token.NotEquals:
                    var value = Peek.Kind is Token.Identifier ? Next().Text : "";
                    if (Peek.Kind is not (Token.Comma or Token.End)) throw Error($"found '{Peek.Text}', expected: ',' or 'end of string'");
                    ValidateValue(value);
                    return new Requirement(key, op.Kind is Token.NotEquals ? Op.NotEquals : Op.Equals, [value]);
                case Token.GreaterThan or Token.LessThan:
                    var number = Next();
                    if (number.Kind is not Token.Identifier || !long.TryParse(number.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                        throw Error($"for 'Gt', 'Lt' operators, the value must be an integer");
                    return new Requirement(key, op.Kind is Token.GreaterThan ? Op.GreaterThan : Op.LessThan, [number.Text]);
                case Token.In or Token.NotIn:
                    if (Next() is var open && open.Kind is not Token.Open) throw Error($"found '{open.Text}', expected: '('");
                    var values = new List<string>();
                    while (true)
                    {
                        var v = Peek.Kind is Token.Identifier ? Next().Text : "";
                        ValidateValue(v);
                        values.Add(v);
                        var t = Next();
                        if (t.Kind is Token.Close) break;
                        if (t.Kind is not Token.Comma) throw Error($"found '{t.Text}', expected: ',' or ')'");
                    }
                    return new Requirement(key, op.Kind is Token.In ? Op.In : Op.NotIn, values);
                default:
                    throw Error($"found '{op.Text}', expected: {string.Join(", ", "=", "!=", "==", "in", "notin")}");
            }
        }

        private static void ValidateKey(string key)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? key : key[(slash + 1)..];
            if (slash >= 0)
            {
                var prefix = key[..slash];
                if (prefix.Length == 0 || prefix.Length > 253 || !Meta.Dns1123Subdomain().IsMatch(prefix))
                    throw Error($"{Invalid(key)}: prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
            }
            if (name.Length == 0 || name.Length > 63 || !IsQualifiedNamePart(name))
                throw Error($"{Invalid(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        }

        private static void ValidateValue(string value)
        {
            if (value.Length > 63 || (value.Length > 0 && !IsQualifiedNamePart(value)))
                throw Error($"{Invalid(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        }

        private static string Invalid(string value) => new StringBuilder("Invalid value: \"").Append(value).Append('"').ToString();

        private static bool IsQualifiedNamePart(string s) =>
            char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
    }
}
