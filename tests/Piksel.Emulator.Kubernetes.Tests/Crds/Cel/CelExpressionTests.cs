using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Crds;
using Piksel.Emulator.Kubernetes.Crds.Cel;

namespace Piksel.Emulator.Kubernetes.Tests.Crds.Cel;

/// <summary>A table of CEL expressions with their results as cel-go gives them.</summary>
public sealed class CelExpressionTests
{
    private static readonly JsonObject Schema = (JsonObject)JsonNode.Parse("""
        {"type":"object","properties":{
          "name":{"type":"string"},"count":{"type":"integer"},"ratio":{"type":"number"},"on":{"type":"boolean"},
          "tags":{"type":"object","additionalProperties":{"type":"string"}},
          "items":{"type":"array","items":{"type":"object","properties":{"k":{"type":"string"},"v":{"type":"integer"}}}},
          "words":{"type":"array","items":{"type":"string"}},
          "any":{"x-kubernetes-int-or-string":true}}}
        """)!;

    private static readonly JsonObject Self = (JsonObject)JsonNode.Parse("""
        {"name":"al2023@v20240807","count":3,"ratio":1.5,"on":true,"tags":{"a":"1","b":""},
         "items":[{"k":"x","v":1},{"k":"y","v":2},{"k":"z"}],"words":["b","a","c"],"any":"50%"}
        """)!;

    public static TheoryData<string, bool> Holds() => new()
    {
        { "1 + 2 * 3 == 7", true },
        { "(1 + 2) * 3 == 9", true },
        { "7 / 2 == 3 && 7 % 2 == 1 && -7 / 2 == -3 && -7 % 2 == -1", true },
        { "1 == 1.0 && 1u == 1 && 2.5 > 2 && 3u < 4.0", true },
        { "1 != 'a'", true },
        { "true ? false : true", false },
        { "false || true && false", false },
        { "!false && !!true", true },
        { "'abc' < 'abd' && b'a' < b'b' && false < true", true },
        { "[1, 2] + [3] == [1, 2, 3]", true },
        { "{'a': 1}['a'] == 1 && 'a' in {'a': 1} && !('b' in {'a': 1})", true },
        { "2 in [1, 2, 3] && !(4 in [1, 2, 3]) && 2.0 in [1, 2]", true },
        { "[1, [2, {'x': 'y'}]] == [1, [2, {'x': 'y'}]]", true },
        { "{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", true },
        { "size('héllo') == 5 && 'héllo'.size() == 5 && size([1, 2]) == 2 && size({'a': 1}) == 1", true },
        { "'hello'.startsWith('he') && 'hello'.endsWith('lo') && 'hello'.contains('ell')", true },
        { "'abc123'.matches('^[a-z]+\\\\d+$') && matches('abc', 'b') && !'a\\n'.matches('^a$')", true },
        { "'karpenter.sh/capacity-type'.find('^([^/]+)') == 'karpenter.sh'", true },
        { "'a1b22c333'.findAll('[0-9]+') == ['1', '22', '333'] && 'a1b22'.findAll('[0-9]+', 1) == ['1']", true },
        { "'a,b,c'.split(',') == ['a', 'b', 'c'] && 'a,b,c'.split(',', 2) == ['a', 'b,c']", true },
        { "'AbC'.lowerAscii() == 'abc' && 'AbC'.upperAscii() == 'ABC' && ' x '.trim() == 'x'", true },
        { "'hello'.indexOf('l') == 2 && 'hello'.lastIndexOf('l') == 3 && 'hello'.indexOf('z') == -1", true },
        { "['a', 'b'].join('-') == 'a-b' && ['a', 'b'].join() == 'ab'", true },
        { "[1, 2, 2].isSorted() && ![2, 1].isSorted() && [1, 2, 3].sum() == 6 && [3, 1].min() == 1", true },
        { "'hello'.substring(1, 3) == 'el' && 'hello'.charAt(1) == 'e' && 'aaa'.replace('a', 'b', 2) == 'bba'", true },
        { "int('42') == 42 && int(3.9) == 3 && uint(3) == 3u && double(2) == 2.0 && string(12) == '12'", true },
        { "string(1.5) == '1.5' && string(true) == 'true' && bool('true')", true },
        { "[1, 2, 3].all(x, x > 0) && [1, 2, 3].exists(x, x == 2) && [1, 2, 3].exists_one(x, x > 2)", true },
        { "[1, 2, 3].filter(x, x > 1) == [2, 3] && [1, 2].map(x, x * 2) == [2, 4] && [1, 2, 3].map(x, x > 1, x * 10) == [20, 30]", true },
        { "{'a': 1, 'b': 2}.all(k, k in ['a', 'b']) && {'a': 1}.exists(k, k == 'a')", true },
        { "self.name.find('^[^@]+') in ['al2', 'al2023']", true },
        { "self.count == 3 && self.ratio == 1.5 && self.on", true },
        { "self.tags.all(k, k != '') && self.tags.exists(k, self.tags[k] == '')", true },
        { "self.items.filter(x, has(x.v)).size() == 2 && self.items[0].k == 'x'", true },
        { "has(self.name) && !has(self.tags.zzz) && has(self.tags.a) && !has(self.items[2].v)", true },
        { "self.words.isSorted() == false && self.words.exists_one(w, w == 'a')", true },
        { "self.any == '50%'", true },
        { "false && 1 / 0 == 1", false },
        { "1 / 0 == 1 && false", false },
        { "true || {'a': 1}['b'] == 1", true },
        { "{'a': 1}['b'] == 1 || true", true },
        { "[1, 0].exists(x, 1 / x == 1)", true },
        { "![0, 1].all(x, 1 / x == 1 && x == 5)", true },
        { "-9223372036854775808 < 0 && 9223372036854775807 > 0 && 18446744073709551615u > 0u", true },
        { "0x10 == 16 && 1e3 == 1000.0 && r'\\d' == '\\\\d' && '\\u00e9' == 'é' && '''a'b''' == \"a'b\"", true },
    };

    public static TheoryData<string, string> Fails() => new()
    {
        { "1 / 0 == 1", "division by zero" },
        { "1 % 0 == 1", "modulus by zero" },
        { "9223372036854775807 + 1 > 0", "integer overflow" },
        { "-9223372036854775808 - 1 < 0", "integer overflow" },
        { "0u - 1u > 0u", "integer overflow" },
        { "{'a': 1}['b'] == 1", "no such key: b" },
        { "self.items[2].v > 0", "no such key: v" },
        { "[1][3] == 1", "index out of bounds: 3" },
        { "int('x') == 1", "strconv.ParseInt: parsing \"x\": invalid syntax" },
        { "int(1e20) == 1", "range error converting double to int" },
        { "self.any + 1 == 2", "no such overload: _+_(string, int)" },
        { "1 / 0 == 1 || false", "division by zero" },
        { "[0, 1].all(x, 1 / x == 1)", "division by zero" },
        { "{'a': 1, 'a': 2}.size() == 1", "Failed with repeated key" },
    };

    public static TheoryData<string, string> DoesNotCompile() => new()
    {
        { "x == 1", "ERROR: <input>:1:1: undeclared reference to 'x' (in container '')" },
        { "self.nope == 1", "ERROR: <input>:1:6: undefined field 'nope'" },
        { "self.name.frobnicate()", "undeclared reference to 'frobnicate'" },
        { "1 + 'a' == 2", "found no matching overload for '_+_' applied to '(int, string)'" },
        { "self.count.startsWith('a')", "found no matching overload for 'startsWith' applied to 'int.(string)'" },
        { "self.name.matches('(a)\\\\1')", "invalid matches argument" },
        { "1 +", "Syntax error: mismatched input '<EOF>'" },
        { "'unterminated", "Syntax error: token recognition error" },
        { "self.name # 1", "Syntax error: token recognition error at: '#'" },
        { "[1].all(1, true)", "argument must be a simple name" },
        { "has(self)", "invalid argument to has() macro" },
        { "self.count", "must evaluate to a bool" },
        { "self.count.all(x, true)", "cannot be range of a comprehension" },
        { "1 == 1 ? 'a' : 'b' == true || self.on == while", "reserved identifier: while" },
    };

    [Theory]
    [MemberData(nameof(Holds))]
    public void Evaluates(string rule, bool expected) =>
        Assert.Equal(expected, new CelRuleCompiler().Compile(rule, Schema).Evaluate(Self, null));

    [Theory]
    [MemberData(nameof(Fails))]
    public void Reports_runtime_errors(string rule, string message)
    {
        var compiled = new CelRuleCompiler().Compile(rule, Schema);
        var error = Assert.Throws<ValidationRuleException>(() => compiled.Evaluate(Self, null));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [MemberData(nameof(DoesNotCompile))]
    public void Reports_compile_errors(string rule, string message)
    {
        var error = Assert.Throws<ValidationRuleException>(() => new CelRuleCompiler().Compile(rule, Schema));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_errors_point_at_the_column()
    {
        var error = Assert.Throws<ValidationRuleException>(() => new CelRuleCompiler().Compile("self.on && nope", Schema));
        Assert.Equal("ERROR: <input>:1:12: undeclared reference to 'nope' (in container '')\n | self.on && nope\n | ...........^", error.Message);
    }

    [Fact]
    public void Transition_rules_see_oldSelf()
    {
        var rule = new CelRuleCompiler().Compile("self.name == oldSelf.name", Schema);
        Assert.True(rule.UsesOldSelf);
        Assert.True(rule.Evaluate(Self, Self.DeepClone()));
        var changed = (JsonObject)Self.DeepClone();
        changed["name"] = "other";
        Assert.False(rule.Evaluate(changed, Self));
        Assert.False(new CelRuleCompiler().Compile("self.on", Schema).UsesOldSelf);
    }

    [Fact]
    public void Hostile_rules_stop_at_the_cost_limit()
    {
        var schema = (JsonObject)JsonNode.Parse("""{"type":"array","items":{"type":"integer"}}""")!;
        var self = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode)i)]);
        var rule = new CelRuleCompiler().Compile("self.all(a, self.all(b, self.all(c, a + b + c >= 0)))", schema);
        var error = Assert.Throws<ValidationRuleException>(() => rule.Evaluate(self, null));
        Assert.Equal("operation cancelled: actual cost limit exceeded", error.Message);
    }

    [Fact]
    public void Nesting_and_size_are_bounded()
    {
        var deep = new string('(', 300) + "true" + new string(')', 300);
        Assert.Contains("recursion limit", Assert.Throws<ValidationRuleException>(() => new CelRuleCompiler().Compile(deep, Schema)).Message, StringComparison.Ordinal);
        var long_ = string.Join(" || ", Enumerable.Repeat("self.on", 20_000));
        Assert.Contains("code point size exceeds limit", Assert.Throws<ValidationRuleException>(() => new CelRuleCompiler().Compile(long_, Schema)).Message, StringComparison.Ordinal);
        var negations = new string('!', 300) + "true";
        Assert.Contains("recursion limit", Assert.Throws<ValidationRuleException>(() => new CelRuleCompiler().Compile(negations, Schema)).Message, StringComparison.Ordinal);
    }
}
