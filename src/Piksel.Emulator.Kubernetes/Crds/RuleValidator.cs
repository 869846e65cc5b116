using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// Runs the compiled <c>x-kubernetes-validations</c> over an object, node by node beside the old object (for transition
/// rules: a rule with <c>oldSelf</c> runs only when the update has an old value there). A failed rule is reported at its
/// path (plus <c>fieldPath</c>) with its <c>message</c>, else <c>failed rule: &lt;rule&gt;</c>, and its <c>reason</c>; a rule
/// that cannot be evaluated is reported, never passed. Errors keep the pre-1.35 shape (<c>Invalid value: "object": …</c>).
/// </summary>
public static class RuleValidator
{
    /// <summary>The rule errors of <paramref name="value"/> (old value <paramref name="old"/>, null on create).</summary>
    public static List<FieldError> Validate(JsonNode? value, JsonNode? old, JsonObject schema, CompiledRules rules, string path)
    {
        var errors = new List<FieldError>();
        if (rules.Count > 0) Walk(value, old, schema, rules, path, errors);
        return errors;
    }

    private static void Walk(JsonNode? value, JsonNode? old, JsonObject schema, CompiledRules rules, string path, List<FieldError> errors)
    {
        if (value is null) return;
        foreach (var rule in rules.On(schema)) Run(rule, value, old, schema, path, errors);
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var oldChild = (old as JsonObject)?[key];
                    if (Property(schema, key) is { } property) Walk(child, oldChild, property, rules, Child(path, key), errors);
                    else if (AdditionalProperties(schema) is { } values) Walk(child, oldChild, values, rules, $"{path}[{key}]", errors);
                }
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    // Old items correlate only in map lists (by their keys), as transition rules need a stable identity.
                    var oldItem = old is JsonArray oldArray ? ListTypes.Correlate(schema, oldArray, array[i]) : null;
                    Walk(array[i], oldItem, items, rules, $"{path}[{i}]", errors);
                }
                break;
        }
    }

    private static void Run(CompiledRule rule, JsonNode value, JsonNode? old, JsonObject schema, string path, List<FieldError> errors)
    {
        if (rule.Compiled.UsesOldSelf && old is null) return;
        var field = rule.FieldPath is { Length: > 0 } fp ? path + (fp.StartsWith('.') || fp.StartsWith('[') ? fp : "." + fp) : path;
        var shown = Quote(Str(schema, "type") ?? TypeName(value));
        bool holds;
        try
        {
            holds = rule.Compiled.Evaluate(value, old);
        }
        catch (ValidationRuleException e)
        {
            errors.Add(FieldError.Invalid(field, shown, $"{e.Message} evaluating rule: {rule.Rule}"));
            return;
        }
        if (holds) return;
        var detail = rule.Message is { Length: > 0 } m ? m : $"failed rule: {rule.Rule}";
        errors.Add(rule.Reason switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(field, detail),
            "FieldValueRequired" => FieldError.Required(field, detail),
            "FieldValueDuplicate" => FieldError.Duplicate(field, detail),
            _ => FieldError.Invalid(field, shown, detail),
        });
    }
}
