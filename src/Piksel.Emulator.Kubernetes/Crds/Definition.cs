using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// A CustomResourceDefinition read and checked as apiextensions-apiserver's validation does (names, scope, group,
/// versions with exactly one storage version, structural schemas and their rules, subresources, printer columns):
/// either the errors, or the <see cref="ResourceType"/> of each served version.
/// </summary>
public sealed class Definition
{
    private Definition(string name, string group, string plural, string kind, string singular, string listKind, bool namespaced, IReadOnlyList<string> shortNames, IReadOnlyList<string> categories)
    {
        Name = name;
        Group = group;
        Plural = plural;
        Kind = kind;
        Singular = singular;
        ListKind = listKind;
        Namespaced = namespaced;
        ShortNames = shortNames;
        Categories = categories;
    }

    /// <summary>metadata.name (<c>plural.group</c>).</summary>
    public string Name { get; }
    /// <summary>spec.group.</summary>
    public string Group { get; }
    /// <summary>spec.names.plural.</summary>
    public string Plural { get; }
    /// <summary>spec.names.kind.</summary>
    public string Kind { get; }
    /// <summary>spec.names.singular (lower-case kind when unset).</summary>
    public string Singular { get; }
    /// <summary>spec.names.listKind (kind + List when unset).</summary>
    public string ListKind { get; }
    /// <summary>spec.scope is Namespaced.</summary>
    public bool Namespaced { get; }
    /// <summary>spec.names.shortNames.</summary>
    public IReadOnlyList<string> ShortNames { get; }
    /// <summary>spec.names.categories.</summary>
    public IReadOnlyList<string> Categories { get; }
    /// <summary>The served versions' types, storage version included.</summary>
    public IReadOnlyList<ResourceType> Types { get; private set; } = [];
    /// <summary>The storage version's name.</summary>
    public string StorageVersion { get; private set; } = "";

    /// <summary>Reads <paramref name="crd"/>; the errors are empty when it is valid (and <see cref="Types"/> then filled).</summary>
    public static (Definition? Definition, List<FieldError> Errors) Read(JsonObject crd, IValidationRuleCompiler? compiler, bool terminating = false)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var group = Str(spec, "group") ?? "";
        var plural = Str(names, "plural") ?? "";
        var kind = Str(names, "kind") ?? "";
        var name = Meta.Name(crd) ?? "";
        if (group.Length == 0) errors.Add(FieldError.Required("spec.group"));
        else if (!group.Contains('.', StringComparison.Ordinal)) errors.Add(FieldError.Invalid("spec.group", Quote(group), "should be a domain with at least one dot"));
        else if (!Meta.Dns1123Subdomain().IsMatch(group)) errors.Add(FieldError.Invalid("spec.group", Quote(group), "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        if (plural.Length == 0) errors.Add(FieldError.Required("spec.names.plural"));
        else if (!Meta.Dns1123Label().IsMatch(plural)) errors.Add(FieldError.Invalid("spec.names.plural", Quote(plural), "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
        if (kind.Length == 0) errors.Add(FieldError.Required("spec.names.kind"));
        if (plural.Length > 0 && group.Length > 0 && name != $"{plural}.{group}")
            errors.Add(FieldError.Invalid("metadata.name", Quote(name), "must be spec.names.plural+\".\"+spec.group"));
        var scope = Str(spec, "scope");
        if (scope is null) errors.Add(FieldError.Required("spec.scope"));
        else if (scope is not ("Namespaced" or "Cluster")) errors.Add(FieldError.NotSupported("spec.scope", Quote(scope), ["\"Cluster\"", "\"Namespaced\""]));
        if (spec["conversion"]?["strategy"] is JsonValue strategy && strategy.GetValue<string>() is not ("None" or "Webhook") and var s)
            errors.Add(FieldError.NotSupported("spec.conversion.strategy", Quote(s), ["\"None\"", "\"Webhook\""]));
        var definition = new Definition(name, group, plural, kind, Str(names, "singular") is { Length: > 0 } singular ? singular : kind.ToLowerInvariant(),
            Str(names, "listKind") is { Length: > 0 } listKind ? listKind : kind + "List", scope == "Namespaced",
            Strings(names["shortNames"]), Strings(names["categories"]));
        var types = definition.ReadVersions(crd, spec, compiler, terminating, errors);
        if (errors.Count > 0) return (null, errors);
        definition.Types = types;
        return (definition, errors);
    }

    private List<ResourceType> ReadVersions(JsonObject crd, JsonObject spec, IValidationRuleCompiler? compiler, bool terminating, List<FieldError> errors)
    {
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var storage = versions.Where(v => Flag(v, "storage")).Select(v => Str(v, "name") ?? "").ToList();
        if (storage.Count != 1) errors.Add(FieldError.Invalid("spec.versions", "\"array\"", "must have exactly one version marked as storage version"));
        StorageVersion = storage.FirstOrDefault() ?? "";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fingerprint = $"{Meta.Of(crd)["uid"]}/{Meta.Of(crd)["generation"]}/{Meta.Of(crd)["resourceVersion"]}";
        var types = new List<ResourceType>();
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            var at = $"spec.versions[{i}]";
            var version = Str(v, "name") ?? "";
            if (version.Length == 0) errors.Add(FieldError.Required(at + ".name"));
            else if (!Meta.Dns1123Label().IsMatch(version)) errors.Add(FieldError.Invalid(at + ".name", Quote(version), "must be a DNS-1035 label"));
            else if (!seen.Add(version)) errors.Add(FieldError.Duplicate(at + ".name", Quote(version)));
            // The type keeps its own copy; its rules are compiled once, against that copy (found by reference).
            var schema = (v["schema"]?["openAPIV3Schema"] as JsonObject)?.DeepClone().AsObject();
            var checker = new StructuralSchema(compiler);
            if (schema is null) errors.Add(FieldError.Required(at + ".schema.openAPIV3Schema", "schemas are required"));
            else errors.AddRange(checker.CheckRoot(schema, at + ".schema.openAPIV3Schema"));
            var columns = PrinterColumns(v, at, errors);
            var scale = Scale(v, at, errors);
            if (!Flag(v, "served")) continue;
            var subresources = new List<string>();
            if (v["subresources"]?["status"] is JsonObject) subresources.Add("status");
            if (scale is not null) subresources.Add("scale");
            types.Add(new ResourceType
            {
                Group = Group,
                Version = version,
                Kind = Kind,
                Plural = Plural,
                Singular = Singular,
                Namespaced = Namespaced,
                ShortNames = ShortNames,
                Categories = Categories,
                Subresources = subresources,
                Custom = new CustomResource
                {
                    DefinitionName = Name,
                    StorageVersion = StorageVersion,
                    ListKind = ListKind,
                    Schema = schema,
                    HasDefaults = StorageVersions.DeclaresDefaults(schema),
                    Rules = checker.Rules,
                    PrinterColumns = columns,
                    Scale = scale,
                    DeprecationWarning = Flag(v, "deprecated")
                        ? Str(v, "deprecationWarning") ?? $"{Group}/{version} {Kind} is deprecated"
                        : null,
                    Terminating = terminating,
                    Fingerprint = fingerprint,
                },
            });
        }
        return types;
    }

    private static List<PrinterColumn> PrinterColumns(JsonObject version, string at, List<FieldError> errors)
    {
        var columns = new List<PrinterColumn>();
        var list = version["additionalPrinterColumns"] as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject c) continue;
            var path = $"{at}.additionalPrinterColumns[{i}]";
            var name = Str(c, "name") ?? "";
            var type = Str(c, "type") ?? "";
            var jsonPath = Str(c, "jsonPath") ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(path + ".name"));
            if (type.Length == 0) errors.Add(FieldError.Required(path + ".type"));
            else if (type is not ("boolean" or "date" or "integer" or "number" or "string"))
                errors.Add(FieldError.NotSupported(path + ".type", Quote(type), ["\"boolean\"", "\"date\"", "\"integer\"", "\"number\"", "\"string\""]));
            if (jsonPath.Length == 0) errors.Add(FieldError.Required(path + ".JSONPath"));
            columns.Add(new PrinterColumn(name, type, Str(c, "format") ?? "", Str(c, "description") ?? "", (int)(Num(c, "priority") ?? 0), jsonPath));
        }
        return columns;
    }

    private static ScalePaths? Scale(JsonObject version, string at, List<FieldError> errors)
    {
        if (version["subresources"]?["scale"] is not JsonObject scale) return null;
        var path = at + ".subresources.scale";
        var spec = Str(scale, "specReplicasPath") ?? "";
        var status = Str(scale, "statusReplicasPath") ?? "";
        if (spec.Length == 0) errors.Add(FieldError.Required(path + ".specReplicasPath"));
        else if (!spec.StartsWith(".spec.", StringComparison.Ordinal)) errors.Add(FieldError.Invalid(path + ".specReplicasPath", Quote(spec), "should be a json path under .spec"));
        if (status.Length == 0) errors.Add(FieldError.Required(path + ".statusReplicasPath"));
        else if (!status.StartsWith(".status.", StringComparison.Ordinal)) errors.Add(FieldError.Invalid(path + ".statusReplicasPath", Quote(status), "should be a json path under .status"));
        var selector = Str(scale, "labelSelectorPath");
        if (selector is not null && !selector.StartsWith(".spec.", StringComparison.Ordinal) && !selector.StartsWith(".status.", StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(path + ".labelSelectorPath", Quote(selector), "should be a json path under either .spec or .status"));
        return new ScalePaths(spec, status, selector);
    }

    private static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>().ToList();
}
