using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// A custom resource's versions with conversion strategy None, as apiextensions-apiserver's storage codec handles them:
/// an object is stored once, in the storage version's apiVersion, and every served version reads it with its own
/// apiVersion, pruned and defaulted by its own schema (defaulting applies when reading from storage too).
/// </summary>
public static class StorageVersions
{
    /// <summary>Rewrites <paramref name="obj"/>'s apiVersion to the storage version of <paramref name="type"/>'s CRD (built-in kinds untouched).</summary>
    public static void ToStorage(ResourceType type, JsonObject obj)
    {
        if (type.Custom is { } custom && custom.StorageVersion.Length > 0) obj["apiVersion"] = $"{type.Group}/{custom.StorageVersion}";
    }

    /// <summary>
    /// <paramref name="stored"/> as a reader of <paramref name="type"/>'s version sees it: the same object when nothing
    /// changes (a built-in kind, or the same version with no defaults), otherwise a copy with the request's apiVersion,
    /// pruned and defaulted by that version's schema.
    /// </summary>
    public static StoredObject ForRead(ResourceType type, StoredObject stored)
    {
        if (type.Custom is not { } custom) return stored;
        var sameVersion = stored.View["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var version) && version == type.ApiVersion;
        if (sameVersion && !custom.HasDefaults) return stored;
        var copy = stored.ToJsonObject();
        copy["apiVersion"] = type.ApiVersion;
        if (custom.Schema is { } schema)
        {
            if (!sameVersion) SchemaPruning.PruneObject(copy, schema);
            SchemaDefaults.Apply(copy, schema);
        }
        return new StoredObject(type, stored.Namespace, stored.Name, stored.ResourceVersion, StoredObject.Serialize(copy));
    }

    /// <summary>True when <paramref name="schema"/> declares a default anywhere (reads must then be defaulted).</summary>
    internal static bool DeclaresDefaults(JsonNode? schema) => schema switch
    {
        JsonObject o => o.ContainsKey("default") || o.Any(p => p.Key != "default" && DeclaresDefaults(p.Value)),
        JsonArray a => a.Any(DeclaresDefaults),
        _ => false,
    };
}
