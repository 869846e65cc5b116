using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// Builds OpenAPI schemas (the <c>definitions</c> of Swagger 2.0, the <c>components.schemas</c> of OpenAPI 3.0) by reflection
/// over the KubernetesClient models, named and annotated as the real spec is.
/// </summary>
internal sealed class SchemaBuilder(bool openApi3)
{
    private readonly SortedDictionary<string, JsonObject> definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, (string Group, string Version, string Kind)> kinds = [];

    private string RefPrefix => openApi3 ? "#/components/schemas/" : "#/definitions/";

    /// <summary>The definitions built so far, by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Definitions => definitions;

    /// <summary>Adds a served kind (and everything it references), tagged with its group-version-kind; returns its definition name.</summary>
    public string AddKind(Type model, string group, string version, string kind)
    {
        if (model.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && entity.ApiVersion != version)
        {
            // An older version the client library has no model for (authentication.k8s.io/v1beta1 SelfSubjectReview): the
            // same fields, under its own version's name and group-version-kind, as the real spec has it.
            Add(model);
            var name = DefinitionNames.InVersion(model, version);
            var copy = definitions[DefinitionNames.Of(model)].DeepClone().AsObject();
            copy["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });
            definitions[name] = copy;
            return name;
        }
        kinds[model] = (group, version, kind);
        if (definitions.TryGetValue(DefinitionNames.Of(model), out var existing)) Tag(existing, model);
        Add(model);
        return DefinitionNames.Of(model);
    }

    /// <summary>
    /// Adds a kind served without a client model: an object that keeps unknown fields, tagged with its group-version-kind
    /// and named as the real server names a custom resource's definition (<c>io.external-secrets.v1.ExternalSecret</c>).
    /// </summary>
    public string AddSchemaless(string group, string version, string kind)
    {
        var name = $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}";
        definitions[name] = new JsonObject
        {
            ["type"] = "object",
            ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version }),
            ["x-kubernetes-preserve-unknown-fields"] = true,
        };
        return name;
    }

    /// <summary>
    /// Adds a custom resource's structural schema as the real server publishes it: under the reversed-group name,
    /// tagged with its group-version-kind, with apiVersion, kind and metadata (ObjectMeta) filled in, so that
    /// <c>kubectl explain</c> and client-side field validation see the CRD's fields.
    /// </summary>
    public string AddCustom(JsonObject schema, string group, string version, string kind)
    {
        var name = $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}";
        Add(typeof(V1ObjectMeta));
        var copy = schema.DeepClone().AsObject();
        var properties = copy["properties"] as JsonObject ?? (JsonObject)(copy["properties"] = new JsonObject());
        properties["apiVersion"] = new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
        properties["kind"] = new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
        var meta = new JsonObject { ["$ref"] = RefPrefix + DefinitionNames.Of(typeof(V1ObjectMeta)) };
        properties["metadata"] = openApi3 ? new JsonObject { ["allOf"] = new JsonArray(meta), ["default"] = new JsonObject() } : meta;
        copy["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });
        definitions[name] = copy;
        return name;
    }

    /// <summary>Adds a model and the models it references.</summary>
    public void Add(Type model)
    {
        var name = DefinitionNames.Of(model);
        if (definitions.ContainsKey(name)) return;
        if (model == typeof(IntOrString))
        {
            definitions[name] = new JsonObject
            {
                ["description"] = "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
                ["format"] = "int-or-string",
                ["x-kubernetes-int-or-string"] = true,
            };
            // Swagger 2.0 has no oneOf: kube-openapi writes type string there, and integer-or-string in OpenAPI 3.
            OneOf(definitions[name], "integer", "string");
            return;
        }
        if (model == typeof(ResourceQuantity))
        {
            definitions[name] = new JsonObject
            {
                ["description"] = "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n```",
            };
            OneOf(definitions[name], "string", "number");
            return;
        }
        var schema = new JsonObject { ["description"] = ModelDocs.Of(model), ["type"] = "object" };
        definitions[name] = schema;
        var properties = new JsonObject();
        var required = new List<string>();
        SchemaHints.Required.TryGetValue(model.Name, out var knownRequired);
        foreach (var property in ModelShape.PropertiesOf(model))
        {
            properties[property.JsonName] = Property(model, property);
            if (property.RequiredValue || (knownRequired?.Contains(property.JsonName) ?? false)) required.Add(property.JsonName);
        }
        if (required.Count > 0) schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        schema["properties"] = properties;
        if (SchemaHints.AtomicModels.Contains(model.Name)) schema["x-kubernetes-map-type"] = "atomic";
        Tag(schema, model);
    }

    private void OneOf(JsonObject schema, params string[] types)
    {
        if (openApi3) schema["oneOf"] = new JsonArray([.. types.Select(t => (JsonNode)new JsonObject { ["type"] = t })]);
        else schema["type"] = "string";
    }

    private void Tag(JsonObject schema, Type model)
    {
        (string Group, string Version, string Kind)? gvk = kinds.TryGetValue(model, out var served) ? served
            : model.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind: not null } e ? (e.Group ?? "", e.ApiVersion, e.Kind) : null;
        if (gvk is not { } k) return;
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = k.Group, ["kind"] = k.Kind, ["version"] = k.Version });
    }

    private JsonObject Property(Type model, ModelProperty property)
    {
        var schema = Shape(property.Shape, topLevel: true);
        var description = ModelDocs.Of(model, property);
        if (property.JsonName is "apiVersion" or "kind" && description is null)
            description = property.JsonName == "kind" ? "Kind is a string value representing the REST resource this object represents." : "APIVersion defines the versioned schema of this representation of an object.";
        if (description is not null) schema["description"] = description;
        var key = $"{model.Name}.{property.JsonName}";
        if (SchemaHints.Lists.TryGetValue(key, out var list))
        {
            schema["x-kubernetes-list-type"] = list.ListType;
            if (list.ListType == "map") schema["x-kubernetes-list-map-keys"] = new JsonArray([.. list.MapKeys.Select(k => (JsonNode)k)]);
            if (list.MergeKey is not null) schema["x-kubernetes-patch-merge-key"] = list.MergeKey;
            if (list.Strategy is not null) schema["x-kubernetes-patch-strategy"] = list.Strategy;
        }
        if (SchemaHints.FieldStrategies.TryGetValue(key, out var strategy)) schema["x-kubernetes-patch-strategy"] = strategy;
        return schema;
    }

    private JsonObject Shape(ModelShape shape, bool topLevel = false)
    {
        switch (shape)
        {
            case ModelShape.Scalar s:
                var scalar = new JsonObject { ["type"] = s.Type };
                if (s.Format is not null) scalar["format"] = s.Format;
                return scalar;
            case ModelShape.Array a:
                return new JsonObject { ["type"] = "array", ["items"] = Shape(a.Items) };
            case ModelShape.Map m:
                return new JsonObject { ["type"] = "object", ["additionalProperties"] = Shape(m.Values) };
            case ModelShape.Model n:
                Add(n.ClrType);
                var reference = new JsonObject { ["$ref"] = RefPrefix + DefinitionNames.Of(n.ClrType) };
                // OpenAPI 3 ignores siblings of $ref: the real v3 documents wrap a described reference in allOf.
                return openApi3 && topLevel ? new JsonObject { ["allOf"] = new JsonArray(reference) } : reference;
            default:
                return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }
    }
}
