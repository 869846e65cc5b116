using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The type of a custom resource read back from storage, from its stored CustomResourceDefinition (the storage version),
/// so a restarted server keeps every custom object even though its kind is served only once the CRD machinery runs.
/// </summary>
internal static class StoredDefinitions
{
    /// <summary>The storage key prefix of CRDs.</summary>
    public static string GroupResource => BuiltInResources.CustomResourceDefinitions.GroupResource;

    /// <summary>The type of <paramref name="groupResource"/> (<c>plural.group</c>) as one of <paramref name="definitions"/> describes it; null when none does.</summary>
    public static ResourceType? TypeOf(string groupResource, IEnumerable<StoredObject> definitions)
    {
        foreach (var stored in definitions)
        {
            var spec = stored.View["spec"];
            var group = spec?["group"]?.GetValue<string>();
            var names = spec?["names"];
            var plural = names?["plural"]?.GetValue<string>();
            if (group is null || plural is null || $"{plural}.{group}" != groupResource) continue;
            var version = (spec!["versions"] as System.Text.Json.Nodes.JsonArray ?? [])
                .FirstOrDefault(v => v?["storage"]?.GetValue<bool>() == true)?["name"]?.GetValue<string>() ?? "";
            var kind = names!["kind"]?.GetValue<string>() ?? "";
            return new ResourceType
            {
                Group = group,
                Version = version,
                Kind = kind,
                Plural = plural,
                Singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
                Namespaced = spec["scope"]?.GetValue<string>() != "Cluster",
            };
        }

        return null;
    }
}
