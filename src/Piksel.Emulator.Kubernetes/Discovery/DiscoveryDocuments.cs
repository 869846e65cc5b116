using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Discovery;

/// <summary>
/// The discovery documents, built from the catalog at request time (custom resources come and go): the legacy
/// <c>APIVersions</c>, <c>APIGroupList</c>, <c>APIGroup</c> and <c>APIResourceList</c>, and the aggregated
/// <c>APIGroupDiscoveryList</c> (apidiscovery.k8s.io v2, and v2beta1 for 1.27 clients).
/// </summary>
internal static class DiscoveryDocuments
{
    /// <summary><c>/api</c>: the core versions and where clients reach the server.</summary>
    public static JsonObject ApiVersions(ResourceCatalog catalog, string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray([.. catalog.GroupVersions().Where(g => g.Group.Length == 0).Select(g => (JsonNode)g.Version)]),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary><c>/apis</c>: every named group with its versions.</summary>
    public static JsonObject GroupList(ResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups(catalog).Select(g => (JsonNode)Group(g.Key, g.Value))]),
    };

    /// <summary><c>/apis/&lt;group&gt;</c>; null when the group is not served.</summary>
    public static JsonObject? Group(ResourceCatalog catalog, string group) =>
        Groups(catalog).TryGetValue(group, out var versions) ? Group(group, versions) : null;

    private static JsonObject Group(string name, IReadOnlyList<string> versions)
    {
        var group = new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = name };
        group["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)GroupVersion(name, v))]);
        group["preferredVersion"] = GroupVersion(name, versions[0]);
        return group;
    }

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    /// <summary>Named groups and their versions, the preferred (highest) first.</summary>
    private static SortedDictionary<string, IReadOnlyList<string>> Groups(ResourceCatalog catalog)
    {
        var groups = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var g in catalog.GroupVersions().Where(g => g.Group.Length > 0).GroupBy(g => g.Group))
            groups[g.Key] = [.. g.Select(v => v.Version).OrderByDescending(VersionPriority)];
        return groups;
    }

    /// <summary>Kubernetes version priority: GA over beta over alpha, higher numbers first (v2 &gt; v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1).</summary>
    public static int VersionPriority(string version)
    {
        var m = System.Text.RegularExpressions.Regex.Match(version, "^v([0-9]+)(?:(alpha|beta)([0-9]+))?$");
        if (!m.Success) return -1;
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 2, "beta" => 1, _ => 0 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1000 + major) * 1000 + minor;
    }

    /// <summary><c>/api/v1</c>, <c>/apis/&lt;g&gt;/&lt;v&gt;</c>; null when the group-version is not served.</summary>
    public static JsonObject? ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var types = catalog.All.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (types.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.Verbs),
            };
            if (type.ShortNames.Count > 0) resource["shortNames"] = Strings(type.ShortNames);
            if (Categories(type) is { Count: > 0 } categories) resource["categories"] = Strings(categories);
            resource["storageVersionHash"] = StorageVersionHash(type);
            resources.Add(resource);
            foreach (var sub in type.Subresources)
            {
                var (kind, subGroup, subVersion, verbs) = Subresource(type, sub);
                var entry = new JsonObject { ["name"] = $"{type.Plural}/{sub}", ["singularName"] = "", ["namespaced"] = type.Namespaced };
                if (subGroup != type.Group || subVersion != type.Version) { entry["group"] = subGroup; entry["version"] = subVersion; }
                entry["kind"] = kind;
                entry["verbs"] = Strings(verbs);
                resources.Add(entry);
            }
        }
        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0) list["apiVersion"] = "v1";
        list["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        list["resources"] = resources;
        return list;
    }

    /// <summary>The kind and verbs of a subresource: <c>status</c> and <c>scale</c> read and write, <c>token</c> creates a TokenRequest.</summary>
    public static (string Kind, string Group, string Version, IReadOnlyList<string> Verbs) Subresource(ResourceType type, string sub) => sub switch
    {
        "status" => (type.Kind, type.Group, type.Version, ["get", "patch", "update"]),
        "scale" => ("Scale", "autoscaling", "v1", ["get", "patch", "update"]),
        "finalize" => (type.Kind, type.Group, type.Version, ["update"]),
        "token" => ("TokenRequest", "authentication.k8s.io", "v1", ["create"]),
        "eviction" => ("Eviction", "policy", "v1", ["create"]),
        "binding" => ("Binding", "", "v1", ["create"]),
        "log" => ("Pod", "", "v1", ["get"]),
        _ => (type.Kind, type.Group, type.Version, ["get"]),
    };

    /// <summary>The type's categories; the built-in workloads are in <c>all</c> (what <c>kubectl get all</c> lists).</summary>
    public static IReadOnlyList<string> Categories(ResourceType type)
    {
        if (type.Categories.Count > 0) return type.Categories;
        return (type.Group, type.Kind) switch
        {
            ("", "Pod" or "Service" or "ReplicationController") or ("apps", "Deployment" or "DaemonSet" or "ReplicaSet" or "StatefulSet")
                or ("batch", "Job" or "CronJob") or ("autoscaling", "HorizontalPodAutoscaler") => ["all"],
            _ => [],
        };
    }

    /// <summary>A stable per-type hash (the real one hashes the storage version; clients only compare it).</summary>
    public static string StorageVersionHash(ResourceType type) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{type.Group}/{type.Version}/{type.Kind}"))[..8]);

    internal static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
