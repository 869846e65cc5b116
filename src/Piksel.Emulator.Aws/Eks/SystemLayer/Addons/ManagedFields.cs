using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// The fields EKS manages on an add-on's object, compared and written as server-side apply does for its field manager:
/// only what the desired object sets counts; fields the server or others added beside them are left alone.
/// </summary>
public static class ManagedFields
{
    /// <summary>
    /// The paths (<c>.spec.replicas</c>) where <paramref name="actual"/> differs from what <paramref name="desired"/> sets;
    /// with <paramref name="conflictsOnly"/>, only those where <paramref name="actual"/> holds another value (a field
    /// nobody set is not someone else's: server-side apply takes it without a conflict).
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonObject desired, JsonObject actual, bool conflictsOnly = false)
    {
        var paths = new List<string>();
        foreach (var (key, value) in desired)
        {
            if (key is "apiVersion" or "kind") continue;
            if (key == "metadata")
            {
                foreach (var map in new[] { "labels", "annotations" })
                    if (value?[map] is JsonObject wanted) Compare(wanted, actual["metadata"]?[map], $".metadata.{map}", paths, conflictsOnly);
                continue;
            }
            Compare(value, actual[key], "." + key, paths, conflictsOnly);
        }
        return paths;
    }

    /// <summary>Writes every field <paramref name="desired"/> sets into <paramref name="actual"/> (objects merged, arrays and values replaced).</summary>
    public static void Overwrite(JsonObject desired, JsonObject actual)
    {
        foreach (var (key, value) in desired)
        {
            if (key is "apiVersion" or "kind") continue;
            if (key == "metadata")
            {
                var metadata = actual["metadata"] as JsonObject ?? (JsonObject)(actual["metadata"] = new JsonObject());
                foreach (var map in new[] { "labels", "annotations" })
                    if (value?[map] is JsonObject wanted) Merge(wanted, metadata, map);
                continue;
            }
            Merge(value, actual, key);
        }
    }

    private static void Merge(JsonNode? wanted, JsonObject parent, string key)
    {
        if (wanted is JsonObject wantedObject && parent[key] is JsonObject present)
        {
            foreach (var (k, v) in wantedObject) Merge(v, present, k);
            return;
        }
        parent[key] = wanted?.DeepClone();
    }

    private static void Compare(JsonNode? wanted, JsonNode? present, string path, List<string> paths, bool conflictsOnly)
    {
        if (conflictsOnly && present is null) return;
        switch (wanted)
        {
            case JsonObject o when present is JsonObject p:
                foreach (var (key, value) in o) Compare(value, p[key], $"{path}.{key}", paths, conflictsOnly);
                return;
            case JsonArray a when present is JsonArray p && p.Count == a.Count:
                // Elements compare field by field: the server defaults fields inside them (a port's protocol, a container's pull policy).
                var before = paths.Count;
                for (var i = 0; i < a.Count; i++) Compare(a[i], p[i], path, paths, conflictsOnly);
                if (paths.Count > before)
                {
                    paths.RemoveRange(before, paths.Count - before);
                    paths.Add(path);
                }
                return;
            case JsonValue when SameValue(wanted, present):
                return;
            default:
                paths.Add(path);
                return;
        }
    }

    /// <summary>Values compare as JSON: a number and its string form (an int-or-string such as <c>maxUnavailable</c>) differ.</summary>
    private static bool SameValue(JsonNode? wanted, JsonNode? present) => present is JsonValue && JsonNode.DeepEquals(wanted, present);
}
