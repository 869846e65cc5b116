using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>Compiles the <c>x-kubernetes-validations</c> rules of a custom resource's schema (CEL, in the subset CRDs use).</summary>
public interface IValidationRuleCompiler
{
    /// <summary>
    /// Compiles <paramref name="rule"/> for the schema node it sits on (<paramref name="schema"/>, the openAPIV3Schema
    /// node carrying the rule). Throws <see cref="ValidationRuleException"/> saying why when the rule cannot be compiled
    /// (syntax, an unsupported function, a field the schema does not have).
    /// </summary>
    IValidationRule Compile(string rule, JsonObject schema);
}
