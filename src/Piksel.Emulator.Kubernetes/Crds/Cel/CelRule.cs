using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>One compiled rule: <c>self</c> and <c>oldSelf</c> are the JSON at its schema node, typed by that schema.</summary>
internal sealed class CelRule(CelExpr expr, JsonObject schema, bool usesOldSelf, long costLimit) : IValidationRule
{
    /// <inheritdoc/>
    public bool UsesOldSelf { get; } = usesOldSelf;

    /// <inheritdoc/>
    public bool Evaluate(JsonNode? self, JsonNode? oldSelf)
    {
        var scope = ImmutableDictionary<string, object>.Empty.Add("self", CelJson.ToValue(self, schema));
        if (UsesOldSelf)
        {
            scope = scope.Add("oldSelf", CelJson.ToValue(oldSelf, schema));
        }

        var result = new CelEvaluator(new CelBudget(costLimit)).Evaluate(expr, scope);
        return result switch
        {
            bool b => b,
            CelError error => throw new ValidationRuleException(error.Message),
            _ => throw new ValidationRuleException($"rule did not evaluate to a bool: {CelOperators.TypeName(result)}"),
        };
    }
}
