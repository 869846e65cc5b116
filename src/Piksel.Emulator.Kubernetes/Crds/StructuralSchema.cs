using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// Checks that an <c>openAPIV3Schema</c> is structural (apiextensions-apiserver's <c>validateStructuralInvariants</c> and
/// the schema checks of CRD validation) and compiles its <c>x-kubernetes-validations</c>. Walks the schema once; depth is
/// bounded by the body's (the JSON reader's limit), so upstream's deeply nested CRDs pass without trouble.
/// </summary>
internal sealed class StructuralSchema(IValidationRuleCompiler? compiler)
{
    private static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] Combinators = ["allOf", "anyOf", "oneOf"];
    private readonly Dictionary<JsonObject, IReadOnlyList<CompiledRule>> rules = new(ReferenceEqualityComparer.Instance);

    /// <summary>The rules compiled so far.</summary>
    public CompiledRules Rules => new(rules);

    /// <summary>Every error of the root schema at <paramref name="path"/>.</summary>
    public List<FieldError> CheckRoot(JsonObject schema, string path)
    {
        var errors = new List<FieldError>();
        var type = Str(schema, "type");
        if (type is null) errors.Add(FieldError.Required(path + ".type", "must not be empty at the root"));
        else if (type != "object") errors.Add(FieldError.Invalid(path + ".type", Quote(type), "must be object at the root"));
        if (Property(schema, "metadata") is { } metadata)
        {
            var onlyNames = metadata["properties"] is not JsonObject p || p.All(x => x.Key is "name" or "generateName");
            if (!onlyNames || metadata.Any(x => x.Key is not ("type" or "properties" or "description")))
                errors.Add(FieldError.Forbidden($"{path}.properties[metadata]", "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
        Check(schema, path, errors, root: true);
        return errors;
    }

    private void Check(JsonObject schema, string path, List<FieldError> errors, bool root = false)
    {
        var type = Str(schema, "type");
        if (type is not null && !Types.Contains(type))
            errors.Add(FieldError.NotSupported(path + ".type", Quote(type), Types.Select(Quote)));
        var untypedOk = Flag(schema, "x-kubernetes-int-or-string") || Flag(schema, "x-kubernetes-preserve-unknown-fields");
        if (schema["properties"] is JsonObject properties)
        {
            if (schema["additionalProperties"] is not null)
                errors.Add(FieldError.Forbidden(path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"));
            foreach (var (name, node) in properties)
            {
                var at = $"{path}.properties[{name}]";
                if (node is not JsonObject property)
                {
                    errors.Add(FieldError.Invalid(at, Go(node), "must be a schema object"));
                    continue;
                }
                if (Str(property, "type") is null && !Flag(property, "x-kubernetes-int-or-string") && !Flag(property, "x-kubernetes-preserve-unknown-fields"))
                    errors.Add(FieldError.Required(at + ".type", "must not be empty for specified object fields"));
                Check(property, at, errors);
            }
        }
        if (schema["additionalProperties"] is JsonObject values)
        {
            if (Str(values, "type") is null && !Flag(values, "x-kubernetes-int-or-string") && !Flag(values, "x-kubernetes-preserve-unknown-fields"))
                errors.Add(FieldError.Required(path + ".additionalProperties.type", "must not be empty for specified object fields"));
            Check(values, path + ".additionalProperties", errors);
        }
        if (schema["items"] is JsonObject items)
        {
            if (Str(items, "type") is null && !Flag(items, "x-kubernetes-int-or-string") && !Flag(items, "x-kubernetes-preserve-unknown-fields"))
                errors.Add(FieldError.Required(path + ".items.type", "must not be empty for specified array items"));
            Check(items, path + ".items", errors);
        }
        else if (type == "array" && !untypedOk)
        {
            errors.Add(FieldError.Required(path + ".items", "must be specified"));
        }
        foreach (var combinator in Combinators)
        {
            if (schema[combinator] is not JsonArray branches) continue;
            for (var i = 0; i < branches.Count; i++)
            {
                if (branches[i] is not JsonObject branch) continue;
                // The one exception structural schemas make: an int-or-string node may say so as
                // anyOf/allOf [{type: integer}, {type: string}] (as controller-gen writes resource quantities).
                if (IntOrStringBranch(schema, combinator, branch)) continue;
                CheckValueValidation(branch, $"{path}.{combinator}[{i}]", errors);
            }
        }
        if (schema["not"] is JsonObject not) CheckValueValidation(not, path + ".not", errors);
        CheckKeywords(schema, type, path, errors, root);
    }

    private void CheckKeywords(JsonObject schema, string? type, string path, List<FieldError> errors, bool root)
    {
        if (Str(schema, "pattern") is { } pattern && !Patterns.Compiles(pattern))
            errors.Add(FieldError.Invalid(path + ".pattern", Quote(pattern), "must be a valid regular expression, but isn't"));
        if (Str(schema, "x-kubernetes-list-type") is { } listType)
        {
            if (listType is not ("atomic" or "set" or "map"))
                errors.Add(FieldError.NotSupported(path + ".x-kubernetes-list-type", Quote(listType), ["\"atomic\"", "\"set\"", "\"map\""]));
            else if (type != "array")
                errors.Add(FieldError.Invalid(path + ".type", Quote(type ?? ""), "must be array if x-kubernetes-list-type is specified"));
            if (listType == "map" && schema["x-kubernetes-list-map-keys"] is not JsonArray { Count: > 0 })
                errors.Add(FieldError.Required(path + ".x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
        }
        if (root && Flag(schema, "x-kubernetes-embedded-resource"))
            errors.Add(FieldError.Forbidden(path + ".x-kubernetes-embedded-resource", "must be false at the root"));
        if (Flag(schema, "x-kubernetes-embedded-resource") && type != "object")
            errors.Add(FieldError.Invalid(path + ".type", Quote(type ?? ""), "must be object if x-kubernetes-embedded-resource is true"));
        if (Flag(schema, "x-kubernetes-int-or-string") && type is not null)
            errors.Add(FieldError.Invalid(path + ".type", Quote(type), "must be empty if x-kubernetes-int-or-string is true"));
        if (schema["x-kubernetes-validations"] is JsonArray validations) Compile(schema, validations, path + ".x-kubernetes-validations", errors);
    }

    private static bool IntOrStringBranch(JsonObject schema, string combinator, JsonObject branch) =>
        Flag(schema, "x-kubernetes-int-or-string") && combinator is "anyOf" or "allOf"
        && branch.Count == 1 && branch["type"] is JsonValue t && t.GetValue<string>() is "integer" or "string";

    /// <summary>Inside allOf/anyOf/oneOf/not only value validations may appear: no types, defaults or extensions.</summary>
    private static void CheckValueValidation(JsonObject schema, string path, List<FieldError> errors)
    {
        foreach (var (key, value) in schema)
        {
            if (key is "type" or "default" or "additionalProperties" or "nullable" or "description" or "title" || key.StartsWith("x-kubernetes-", StringComparison.Ordinal))
            {
                errors.Add(FieldError.Forbidden($"{path}.{key}", "must be empty to be structural"));
            }
            else if (key == "properties" && value is JsonObject properties)
            {
                foreach (var (name, node) in properties)
                {
                    if (node is JsonObject p) CheckValueValidation(p, $"{path}.properties[{name}]", errors);
                }
            }
            else if (key == "items" && value is JsonObject items)
            {
                CheckValueValidation(items, path + ".items", errors);
            }
        }
    }

    private void Compile(JsonObject schema, JsonArray validations, string path, List<FieldError> errors)
    {
        var compiled = new List<CompiledRule>();
        for (var i = 0; i < validations.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (validations[i] is not JsonObject v || Str(v, "rule") is not { Length: > 0 } rule)
            {
                errors.Add(FieldError.Required(at + ".rule", ""));
                continue;
            }
            if (Str(v, "reason") is { } reason && reason is not ("FieldValueInvalid" or "FieldValueForbidden" or "FieldValueRequired" or "FieldValueDuplicate"))
            {
                errors.Add(FieldError.NotSupported(at + ".reason", Quote(reason), ["\"FieldValueDuplicate\"", "\"FieldValueForbidden\"", "\"FieldValueInvalid\"", "\"FieldValueRequired\""]));
                continue;
            }
            if (compiler is null)
            {
                errors.Add(FieldError.Invalid(at + ".rule", Quote(rule), "compilation failed: no CEL evaluator is configured on this server"));
                continue;
            }
            try
            {
                compiled.Add(new CompiledRule(rule, Str(v, "message"), Str(v, "fieldPath"), Str(v, "reason"), compiler.Compile(rule, schema)));
            }
            catch (ValidationRuleException e)
            {
                errors.Add(FieldError.Invalid(at + ".rule", Quote(rule), $"compilation failed: {e.Message}"));
            }
        }
        if (compiled.Count > 0) rules[schema] = compiled;
    }
}
