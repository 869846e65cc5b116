using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// Compiles <c>x-kubernetes-validations</c> rules written in CEL, in the subset Karpenter's, Flux's and External
/// Secrets' CRDs use: parsed with cel-spec's precedence, checked against the schema the rule sits on (undeclared
/// identifiers, unknown fields and functions, impossible overloads are compile errors in cel-go's words), and
/// evaluated within Kubernetes' per-call cost limit.
/// </summary>
public sealed class CelRuleCompiler : IValidationRuleCompiler
{
    /// <summary>The cost each evaluation may spend (default <see cref="CelBudget.PerCallLimit"/>, Kubernetes' per-call limit).</summary>
    public long CostLimit { get; init; } = CelBudget.PerCallLimit;

    /// <inheritdoc/>
    public IValidationRule Compile(string rule, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(schema);
        var source = new CelSource(rule);
        var expr = CelParser.Parse(source);
        var checker = new CelChecker(source);
        var type = checker.Check(expr, CelType.FromSchema(schema));
        if (type.Kind is not (CelKind.Bool or CelKind.Dyn))
        {
            throw new ValidationRuleException($"cost estimation failed: rule must evaluate to a bool, not {type}");
        }

        return new CelRule(expr, schema, checker.UsesOldSelf, CostLimit);
    }
}
