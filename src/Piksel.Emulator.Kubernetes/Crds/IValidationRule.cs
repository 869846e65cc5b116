using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>One compiled <c>x-kubernetes-validations</c> rule.</summary>
public interface IValidationRule
{
    /// <summary>True for transition rules (they mention <c>oldSelf</c>): evaluated only on updates where the old value exists.</summary>
    bool UsesOldSelf { get; }

    /// <summary>
    /// Whether the rule holds for <paramref name="self"/> (and <paramref name="oldSelf"/> on a transition). Throws
    /// <see cref="ValidationRuleException"/> when it cannot be evaluated (a missing key, a type mismatch), which the
    /// caller reports rather than passing the object.
    /// </summary>
    bool Evaluate(JsonNode? self, JsonNode? oldSelf);
}
