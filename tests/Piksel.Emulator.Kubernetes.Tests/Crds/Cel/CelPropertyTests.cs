using System.Numerics;
using System.Text.Json.Nodes;
using CsCheck;
using Piksel.Emulator.Kubernetes.Crds;
using Piksel.Emulator.Kubernetes.Crds.Cel;

namespace Piksel.Emulator.Kubernetes.Tests.Crds.Cel;

/// <summary>Arithmetic and equality laws checked on generated values (seeded, bounded).</summary>
public sealed class CelPropertyTests
{
    private const string Seed = "0000001diwQ7";
    private const long Iterations = 2_000;

    private static readonly JsonObject Integers = (JsonObject)JsonNode.Parse("""{"type":"array","items":{"type":"integer"}}""")!;
    private static readonly JsonObject Numbers = (JsonObject)JsonNode.Parse("""{"type":"array","items":{"type":"number"}}""")!;
    private static readonly CelRuleCompiler Compiler = new();

    private static readonly Gen<long> Int = Gen.OneOf(Gen.Long, Gen.Long[-1000, 1000], Gen.Int[0, 4].Select(i => new[] { long.MinValue, long.MaxValue, 0L, -1L, 1L }[i]));

    private static bool Eval(IValidationRule rule, params long[] values) =>
        rule.Evaluate(new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]), null);

    [Fact]
    public void Addition_is_exact_or_overflows()
    {
        var rule = Compiler.Compile("self[0] + self[1] == self[2]", Integers);
        var commutes = Compiler.Compile("self[0] + self[1] == self[1] + self[0]", Integers);
        Gen.Select(Int, Int).Sample((a, b) =>
        {
            var exact = (BigInteger)a + b;
            if (exact < long.MinValue || exact > long.MaxValue)
            {
                Assert.Equal("integer overflow", Assert.Throws<ValidationRuleException>(() => Eval(rule, a, b, 0)).Message);
                Assert.Equal("integer overflow", Assert.Throws<ValidationRuleException>(() => Eval(commutes, a, b)).Message);
            }
            else
            {
                Assert.True(Eval(rule, a, b, (long)exact));
                Assert.True(Eval(commutes, a, b));
            }
        }, seed: Seed, iter: Iterations);
    }

    [Fact]
    public void Multiplication_is_exact_or_overflows()
    {
        var rule = Compiler.Compile("self[0] * self[1] == self[2]", Integers);
        Gen.Select(Int, Int).Sample((a, b) =>
        {
            var exact = (BigInteger)a * b;
            if (exact < long.MinValue || exact > long.MaxValue)
            {
                Assert.Equal("integer overflow", Assert.Throws<ValidationRuleException>(() => Eval(rule, a, b, 0)).Message);
            }
            else
            {
                Assert.True(Eval(rule, a, b, (long)exact));
            }
        }, seed: Seed, iter: Iterations);
    }

    [Fact]
    public void Division_and_modulus_reconstruct_the_dividend()
    {
        var rule = Compiler.Compile("(self[0] / self[1]) * self[1] + self[0] % self[1] == self[0]", Integers);
        Gen.Select(Int, Int).Sample((a, b) =>
        {
            if (b == 0)
            {
                Assert.Equal("division by zero", Assert.Throws<ValidationRuleException>(() => Eval(rule, a, b)).Message);
            }
            else if (a == long.MinValue && b == -1)
            {
                Assert.Equal("integer overflow", Assert.Throws<ValidationRuleException>(() => Eval(rule, a, b)).Message);
            }
            else
            {
                Assert.True(Eval(rule, a, b));
            }
        }, seed: Seed, iter: Iterations);
    }

    [Fact]
    public void Comparison_is_a_total_order_on_numbers()
    {
        var rule = Compiler.Compile(
            "[self[0] < self[1], self[0] == self[1], self[0] > self[1]].filter(x, x).size() == 1 && (self[0] <= self[1]) == !(self[0] > self[1])",
            Numbers);
        Gen.Select(Gen.Double[-1e6, 1e6], Gen.Double[-1e6, 1e6], Gen.Bool).Sample((a, b, same) =>
        {
            var values = new JsonArray(JsonValue.Create(a), JsonValue.Create(same ? a : b));
            Assert.True(rule.Evaluate(values, null));
        }, seed: Seed, iter: Iterations);
    }

    [Fact]
    public void Equality_is_reflexive_and_symmetric_on_any_JSON()
    {
        var schema = new JsonObject();
        var reflexive = Compiler.Compile("self == self && [self] + [self] == [self, self] && !(self != self)", schema);
        var symmetric = Compiler.Compile("(self[0] == self[1]) == (self[1] == self[0])", schema);
        Json(3).Sample(node =>
        {
            Assert.True(reflexive.Evaluate(node, null));
            Assert.True(symmetric.Evaluate(new JsonArray(node?.DeepClone(), node?.DeepClone()), null));
        }, seed: Seed, iter: Iterations);
        Gen.Select(Json(2), Json(2)).Sample((a, b) =>
            Assert.True(symmetric.Evaluate(new JsonArray(a, b), null)), seed: Seed, iter: Iterations);
    }

    private static Gen<JsonNode?> Json(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Long[-5, 5].Select(v => (JsonNode?)JsonValue.Create(v)),
            Gen.Double[-2, 2].Select(v => (JsonNode?)JsonValue.Create(v)),
            Gen.String[Gen.Char["ab"], 0, 3].Select(v => (JsonNode?)JsonValue.Create(v)),
            Gen.Bool.Select(v => (JsonNode?)JsonValue.Create(v)),
            Gen.Bool.Select(_ => (JsonNode?)null));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = Json(depth - 1);
        return Gen.OneOf(
            scalar,
            inner.Array[0, 3].Select(items => (JsonNode?)new JsonArray(items)),
            Gen.Select(Gen.String[Gen.Char["abc"], 1, 2], inner).Array[0, 3].Select(entries =>
            {
                var obj = new JsonObject();
                foreach (var (key, value) in entries)
                {
                    obj[key] = value;
                }

                return (JsonNode?)obj;
            }));
    }
}
