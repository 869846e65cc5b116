using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Crds;

namespace Piksel.Emulator.Kubernetes.Tests.Crds;

/// <summary>
/// A stand-in for the CEL compiler: understands <c>self.a &lt;= self.b</c>, <c>has(self.x)</c>, <c>self == oldSelf</c>;
/// anything else does not compile.
/// </summary>
internal sealed class TestRuleCompiler : IValidationRuleCompiler
{
    public IValidationRule Compile(string rule, JsonObject schema)
    {
        if (rule == "self == oldSelf") return new Rule(true, (s, o) => JsonNode.DeepEquals(s, o));
        if (rule.StartsWith("has(self.", StringComparison.Ordinal) && rule.EndsWith(')'))
        {
            var field = rule[9..^1];
            return new Rule(false, (s, _) => s is JsonObject o && o.ContainsKey(field));
        }
        var parts = rule.Split(" <= ");
        if (parts.Length == 2 && parts[0].StartsWith("self.", StringComparison.Ordinal) && parts[1].StartsWith("self.", StringComparison.Ordinal))
        {
            var (a, b) = (parts[0][5..], parts[1][5..]);
            return new Rule(false, (s, _) => s?[a] is null || s?[b] is null
                ? throw new ValidationRuleException($"no such key: {(s?[a] is null ? a : b)}")
                : s[a]!.GetValue<double>() <= s[b]!.GetValue<double>());
        }
        throw new ValidationRuleException($"ERROR: <input>:1:1: undeclared reference to '{rule}'");
    }

    private sealed class Rule(bool usesOldSelf, Func<JsonNode?, JsonNode?, bool> evaluate) : IValidationRule
    {
        public bool UsesOldSelf => usesOldSelf;

        public bool Evaluate(JsonNode? self, JsonNode? oldSelf) => evaluate(self, oldSelf);
    }
}
