using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Discovery;

/// <summary>
/// Aggregated discovery (KEP-3352): <c>/api</c> and <c>/apis</c> answer one <c>APIGroupDiscoveryList</c> with every
/// resource of every version when the client asks for it, saving kubectl one request per group-version.
/// </summary>
internal static class AggregatedDiscovery
{
    /// <summary>The list for the core group (<paramref name="core"/>) or the named groups.</summary>
    public static JsonObject List(ResourceCatalog catalog, bool core, string apiVersion)
    {
        var items = new JsonArray();
        var types = catalog.All.Where(t => (t.Group.Length == 0) == core).ToList();
        foreach (var group in types.GroupBy(t => t.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (!core) metadata = new JsonObject { ["name"] = group.Key, ["creationTimestamp"] = null };
            var versions = new JsonArray();
            foreach (var version in group.GroupBy(t => t.Version).OrderByDescending(v => DiscoveryDocuments.VersionPriority(v.Key)))
            {
                versions.Add(new JsonObject
                {
                    ["version"] = version.Key,
                    ["resources"] = new JsonArray([.. version.OrderBy(t => t.Plural, StringComparer.Ordinal).Select(t => (JsonNode)Resource(t))]),
                    ["freshness"] = "Current",
                });
            }
            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Plural,
            ["responseKind"] = Kind(type.Group, type.Version, type.Kind),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = DiscoveryDocuments.Strings(type.Verbs),
        };
        if (type.ShortNames.Count > 0) resource["shortNames"] = DiscoveryDocuments.Strings(type.ShortNames);
        if (DiscoveryDocuments.Categories(type) is { Count: > 0 } categories) resource["categories"] = DiscoveryDocuments.Strings(categories);
        if (type.Subresources.Count > 0)
        {
            resource["subresources"] = new JsonArray([.. type.Subresources.Select(sub =>
            {
                var (kind, group, version, verbs) = DiscoveryDocuments.Subresource(type, sub);
                return (JsonNode)new JsonObject { ["subresource"] = sub, ["responseKind"] = Kind(group, version, kind), ["verbs"] = DiscoveryDocuments.Strings(verbs) };
            })]);
        }
        return resource;
    }

    private static JsonObject Kind(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };
}
