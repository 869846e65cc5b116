using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest.Patch;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>, k8s.io/apimachinery/pkg/util/strategicpatch) for
/// built-in kinds: lists with a merge key are merged element by element, set-like primitive lists are unioned, other lists
/// are replaced; directives <c>$patch: replace|delete|merge</c>, <c>$deleteFromPrimitiveList/&lt;f&gt;</c>,
/// <c>$setElementOrder/&lt;f&gt;</c> and <c>$retainKeys</c> are honoured.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    /// <summary>Applies <paramref name="patch"/> to <paramref name="original"/> (changed in place and returned).</summary>
    public static JsonObject Apply(ResourceType type, JsonObject original, JsonObject patch) =>
        MergeMap(type, original, patch, []) ?? [];

    private static StatusException Bad(string message) => StatusException.BadRequest(message);

    /// <summary>Merges a map; null means the map is to be deleted (<c>$patch: delete</c>).</summary>
    private static JsonObject? MergeMap(ResourceType type, JsonObject original, JsonObject patch, List<string> path)
    {
        switch (patch[PatchDirective]?.GetValue<string>())
        {
            case "delete": return null;
            case "replace": return Clean(type, patch, path) as JsonObject;
            case null or "merge": break;
            default: throw Bad($"Unknown patch type: {patch[PatchDirective]?.GetValue<string>()} in map: {patch.ToJsonString()}");
        }
        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in patch.Select(p => p.Key).Where(k => !k.StartsWith('$') && !keep.Contains(k)))
                throw Bad($"The $retainKeys list does not contain key {key} in patch");
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) original.Remove(key);
        }
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveList.Length..];
                if (original[field] is JsonArray list && value is JsonArray remove)
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList()) list.Remove(item);
                continue;
            }
            if (key.StartsWith('$')) continue;
            var childPath = new List<string>(path) { key };
            if (value is null) { original.Remove(key); continue; }
            var existing = original.TryGetPropertyValue(key, out var e) ? e : null;
            switch (value)
            {
                case JsonObject map:
                    var merged = MergeMap(type, existing as JsonObject ?? [], map, childPath);
                    if (merged is null) original.Remove(key);
                    else original[key] = Detach(merged);
                    break;
                case JsonArray list:
                    original[key] = Detach(MergeList(type, existing as JsonArray ?? [], list, childPath));
                    break;
                default:
                    original[key] = value.DeepClone();
                    break;
            }
        }
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal) && value is JsonArray order && original[key[SetElementOrder.Length..]] is JsonArray target)
                Reorder(target, order, ListStrategies.For(type, [.. path, key[SetElementOrder.Length..]]).Key);
        }

        return original;
    }

    private static JsonArray MergeList(ResourceType type, JsonArray original, JsonArray patch, List<string> path)
    {
        var strategy = ListStrategies.For(type, path);
        if (patch.Any(p => p is JsonObject o && o[PatchDirective]?.GetValue<string>() == "replace" && o.Count == 1))
            return (JsonArray)Clean(type, new JsonArray([.. patch.Where(p => !(p is JsonObject o && o.ContainsKey(PatchDirective) && o.Count == 1)).Select(p => p?.DeepClone())]), path)!;
        switch (strategy.Kind)
        {
            case ListKind.Set:
                var union = new JsonArray([.. original.Select(i => i?.DeepClone())]);
                foreach (var item in patch)
                    if (item is not null && !union.Any(u => JsonNode.DeepEquals(u, item))) union.Add(item.DeepClone());
                return union;
            case ListKind.MapByKey:
                var key = strategy.Key!;
                var result = new JsonArray([.. original.Select(i => i?.DeepClone())]);
                foreach (var item in patch)
                {
                    if (item is not JsonObject element) throw Bad($"cannot merge a non-map element into the list {string.Join('.', path)}");
                    if (!element.ContainsKey(key)) throw Bad($"map: {element.ToJsonString()} does not contain declared merge key: {key}");
                    var match = result.OfType<JsonObject>().FirstOrDefault(o => JsonNode.DeepEquals(o[key], element[key]));
                    if (element[PatchDirective]?.GetValue<string>() == "delete")
                    {
                        foreach (var gone in result.OfType<JsonObject>().Where(o => JsonNode.DeepEquals(o[key], element[key])).ToList()) result.Remove(gone);
                        continue;
                    }
                    if (match is null)
                    {
                        result.Add(Clean(type, element, path));
                    }
                    else
                    {
                        var index = result.IndexOf(match);
                        var merged = MergeMap(type, match, element, path);
                        result.RemoveAt(index);
                        if (merged is not null) result.Insert(index, Detach(merged));
                    }
                }
                return result;
            default:
                // Atomic: the patch's list replaces the original, each element cleaned of directives (never the list
                // itself again, which recursed without end).
                return new JsonArray([.. patch.Select(item => Clean(type, item, path))]);
        }
    }

    /// <summary>A patch value with its directives resolved against nothing (what is added where there was no original).</summary>
    private static JsonNode? Clean(ResourceType type, JsonNode? value, List<string> path) => value switch
    {
        JsonObject o => MergeMap(type, [], Without(o, PatchDirective), path),
        JsonArray a => MergeList(type, [], a, path),
        _ => value?.DeepClone(),
    };

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = (JsonObject)o.DeepClone();
        copy.Remove(key);
        return copy;
    }

    private static JsonNode Detach(JsonNode node) => node.Parent is null ? node : node.DeepClone();

    /// <summary>$setElementOrder: the listed elements in that order, then the ones only the server has, in their order.</summary>
    private static void Reorder(JsonArray target, JsonArray order, string? key)
    {
        JsonNode? Identity(JsonNode? n) => key is null ? n : (n as JsonObject)?[key];
        var items = target.Select(i => i?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var want in order)
        {
            var id = Identity(want);
            var found = items.FirstOrDefault(i => JsonNode.DeepEquals(Identity(i), id));
            if (found is null) continue;
            ordered.Add(found);
            items.Remove(found);
        }
        ordered.AddRange(items);
        target.Clear();
        foreach (var item in ordered) target.Add(item);
    }
}
