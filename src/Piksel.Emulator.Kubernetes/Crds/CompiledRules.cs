using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>The compiled <c>x-kubernetes-validations</c> of one schema, found by the schema node that carries them.</summary>
public sealed class CompiledRules
{
    private readonly Dictionary<JsonObject, IReadOnlyList<CompiledRule>> byNode;

    /// <summary>Rules by the schema node (by reference) that carries them.</summary>
    public CompiledRules(Dictionary<JsonObject, IReadOnlyList<CompiledRule>> byNode) => this.byNode = byNode;

    /// <summary>No rules.</summary>
    public static CompiledRules None { get; } = new(new Dictionary<JsonObject, IReadOnlyList<CompiledRule>>(ReferenceEqualityComparer.Instance));

    /// <summary>How many rules there are.</summary>
    public int Count => byNode.Values.Sum(r => r.Count);

    /// <summary>The rules on <paramref name="schema"/>.</summary>
    public IReadOnlyList<CompiledRule> On(JsonObject schema) => byNode.TryGetValue(schema, out var rules) ? rules : [];
}

/// <summary>One rule as written (rule, message, fieldPath, reason) and compiled.</summary>
public sealed record CompiledRule(string Rule, string? Message, string? FieldPath, string? Reason, IValidationRule Compiled);
