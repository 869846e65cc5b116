using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest.Patch;

/// <summary>
/// Field sets in the <c>FieldsV1</c> shape of <c>metadata.managedFields</c> (sigs.k8s.io/structured-merge-diff): a tree
/// whose keys are <c>f:&lt;field&gt;</c>, <c>k:{"name":"x"}</c> (a list element by its key), <c>v:&lt;json&gt;</c> (a set
/// member) and <c>.</c> (the element itself); an empty object is a leaf.
/// </summary>
public static class FieldSets
{
    /// <summary>The fields <paramref name="obj"/> sets (metadata the server owns, apiVersion and kind excluded).</summary>
    public static JsonObject Of(ResourceType type, JsonObject obj)
    {
        var tree = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind") continue;
            if (key == "metadata" && value is JsonObject meta)
            {
                var owned = new JsonObject();
                foreach (var (m, v) in meta)
                {
                    if (m is "labels" or "annotations" or "finalizers" or "ownerReferences" && v is not null)
                        owned["f:" + m] = Node(type, v, ["metadata", m]);
                }

                if (owned.Count > 0) tree["f:metadata"] = owned;
                continue;
            }
            if (value is not null) tree["f:" + key] = Node(type, value, [key]);
        }
        return tree;
    }

    private static JsonObject Node(ResourceType type, JsonNode value, List<string> path)
    {
        switch (value)
        {
            case JsonObject map:
                var node = new JsonObject();
                foreach (var (k, v) in map)
                    if (v is not null) node["f:" + k] = Node(type, v, [.. path, k]);
                return node;
            case JsonArray list:
                var strategy = ListStrategies.For(type, path);
                var items = new JsonObject();
                if (strategy.Kind == ListKind.Set)
                {
                    foreach (var item in list) if (item is not null) items["v:" + item.ToJsonString()] = new JsonObject();
                    return items;
                }
                if (strategy.Kind != ListKind.MapByKey) return [];
                foreach (var item in list.OfType<JsonObject>())
                {
                    if (item[strategy.Key!] is not { } id) continue;
                    var element = new JsonObject { ["."] = new JsonObject() };
                    foreach (var (k, v) in Node(type, item, path)) element[k] = v?.DeepClone();
                    items[ElementKey(strategy.Key!, id)] = element;
                }
                return items;
            default:
                return [];
        }
    }

    /// <summary><c>k:{"name":"x"}</c>.</summary>
    public static string ElementKey(string key, JsonNode id) => "k:" + new JsonObject { [key] = id.DeepClone() }.ToJsonString();

    /// <summary>The leaf paths of a tree (the <c>.</c> markers are not leaves).</summary>
    public static IEnumerable<IReadOnlyList<string>> Leaves(JsonObject tree, List<string>? prefix = null)
    {
        prefix ??= [];
        foreach (var (key, child) in tree)
        {
            if (key == "." || child is not JsonObject c) continue;
            List<string> path = [.. prefix, key];
            if (c.Count == 0 || (c.Count == 1 && c.ContainsKey("."))) yield return path;
            else foreach (var leaf in Leaves(c, path)) yield return leaf;
        }
    }

    /// <summary>True when <paramref name="tree"/> holds <paramref name="path"/>.</summary>
    public static bool Contains(JsonObject tree, IReadOnlyList<string> path)
    {
        JsonNode? node = tree;
        foreach (var key in path) node = (node as JsonObject)?[key];
        return node is not null;
    }

    /// <summary>Removes <paramref name="path"/> from <paramref name="tree"/>, pruning emptied parents.</summary>
    public static void Remove(JsonObject tree, IReadOnlyList<string> path)
    {
        if (path.Count == 0) return;
        if (path.Count == 1) { tree.Remove(path[0]); return; }
        if (tree[path[0]] is not JsonObject child) return;
        Remove(child, [.. path.Skip(1)]);
        if (child.Count == 0 || (child.Count == 1 && child.ContainsKey("."))) tree.Remove(path[0]);
    }

    /// <summary>The value a field path points at in an object, or null.</summary>
    public static JsonNode? Navigate(JsonNode? node, IReadOnlyList<string> path)
    {
        foreach (var key in path)
        {
            node = key switch
            {
                _ when key.StartsWith("f:", StringComparison.Ordinal) => (node as JsonObject)?[key[2..]],
                _ when key.StartsWith("k:", StringComparison.Ordinal) => FindElement(node as JsonArray, key),
                _ when key.StartsWith("v:", StringComparison.Ordinal) => (node as JsonArray)?.FirstOrDefault(i => i?.ToJsonString() == key[2..]),
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The element of <paramref name="list"/> named by a <c>k:</c> key.</summary>
    public static JsonObject? FindElement(JsonArray? list, string key)
    {
        if (list is null || JsonNode.Parse(key[2..]) is not JsonObject id) return null;
        return list.OfType<JsonObject>().FirstOrDefault(e => id.All(kv => JsonNode.DeepEquals(e[kv.Key], kv.Value)));
    }

    /// <summary>A path as structured-merge-diff prints it: <c>.spec.containers[name="app"].image</c>.</summary>
    public static string Print(IReadOnlyList<string> path)
    {
        var text = new StringBuilder();
        foreach (var key in path)
        {
            if (key.StartsWith("f:", StringComparison.Ordinal)) text.Append('.').Append(key[2..]);
            else if (key.StartsWith("v:", StringComparison.Ordinal)) text.Append("[=").Append(key[2..]).Append(']');
            else if (JsonNode.Parse(key[2..]) is JsonObject id)
                text.Append('[').Append(string.Join(",", id.Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}"))).Append(']');
        }
        return text.ToString();
    }
}
