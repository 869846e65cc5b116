using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// Drops the fields a structural schema does not specify, as apiextensions-apiserver prunes on decode: kept below
/// <c>x-kubernetes-preserve-unknown-fields: true</c>; an embedded resource (and the root) keeps apiVersion, kind and metadata.
/// </summary>
public static class SchemaPruning
{
    /// <summary>Prunes the custom resource <paramref name="obj"/> in place; returns the paths dropped (<c>spec.foo</c>).</summary>
    public static List<string> PruneObject(JsonObject obj, JsonObject schema)
    {
        var dropped = new List<string>();
        Prune(obj, schema, "", dropped, embedded: true);
        return dropped;
    }

    private static void Prune(JsonNode? value, JsonObject schema, string path, List<string> dropped, bool embedded = false)
    {
        switch (value)
        {
            case JsonObject obj:
                var preserve = Flag(schema, "x-kubernetes-preserve-unknown-fields");
                var values = AdditionalProperties(schema);
                var inner = embedded || Flag(schema, "x-kubernetes-embedded-resource");
                foreach (var (key, child) in obj.ToList())
                {
                    // An object's own apiVersion, kind and metadata are the server's (ObjectMeta), whatever the schema says of them.
                    if (inner && key is "apiVersion" or "kind" or "metadata")
                    {
                        if (key == "metadata" && path.Length > 0 && child is JsonObject meta) PruneEmbeddedMetadata(meta, Child(path, key), dropped);
                    }
                    else if (Property(schema, key) is { } property)
                    {
                        Prune(child, property, Child(path, key), dropped);
                    }
                    else if (values is not null)
                    {
                        Prune(child, values, $"{path}[{key}]", dropped);
                    }
                    else if (!preserve && schema["additionalProperties"] is not JsonValue)
                    {
                        obj.Remove(key);
                        dropped.Add(Child(path, key));
                    }
                }
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++) Prune(array[i], items, $"{path}[{i}]", dropped);
                break;
        }
    }

    /// <summary>An embedded object's metadata keeps ObjectMeta's fields only.</summary>
    private static void PruneEmbeddedMetadata(JsonObject meta, string path, List<string> dropped)
    {
        foreach (var key in meta.Select(p => p.Key).ToList())
        {
            if (ObjectMetaFields.Contains(key)) continue;
            meta.Remove(key);
            dropped.Add(Child(path, key));
        }
    }

    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    };
}
