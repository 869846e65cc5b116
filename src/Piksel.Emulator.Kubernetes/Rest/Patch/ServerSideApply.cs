using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest.Patch;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>): the applied configuration is merged into the live object
/// structurally (maps merged, keyed lists merged by key, sets unioned, other lists replaced), the manager's
/// <c>metadata.managedFields</c> entry records what it applied, fields it applied before and no longer applies are
/// removed unless another manager owns them, and changing a field another manager owns is a 409 Conflict unless forced.
/// </summary>
public static class ServerSideApply
{
    /// <summary>Metadata the server owns; an applied configuration's values for them are ignored.</summary>
    private static readonly string[] ServerMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"];

    /// <summary>The applied configuration cleaned of server-owned metadata (and of status when the kind has a status subresource).</summary>
    public static JsonObject Clean(ResourceType type, JsonObject applied, string? subresource)
    {
        var copy = (JsonObject)applied.DeepClone();
        if (copy["metadata"] is JsonObject meta) foreach (var key in ServerMetadata) meta.Remove(key);
        if (subresource is null && type.Subresources.Contains("status")) copy.Remove("status");
        return copy;
    }

    /// <summary>The managedFields entry of an Apply.</summary>
    public static JsonObject Entry(string manager, string operation, string apiVersion, string time, JsonObject fields, string? subresource)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = apiVersion,
            ["time"] = time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (subresource is not null) entry["subresource"] = subresource;
        return entry;
    }

    /// <summary>Merges <paramref name="applied"/> (cleaned) into a copy of <paramref name="live"/> for <paramref name="manager"/>.</summary>
    public static JsonObject Apply(ResourceType type, JsonObject live, JsonObject applied, string manager, bool force, string time, string? subresource)
    {
        var result = (JsonObject)live.DeepClone();
        var entries = Meta.Of(result)["managedFields"] as JsonArray ?? [];
        var mine = entries.OfType<JsonObject>().FirstOrDefault(e => Is(e, manager, "Apply", subresource));
        var oldSet = mine?["fieldsV1"] as JsonObject ?? [];
        var newSet = FieldSets.Of(type, applied);
        var others = entries.OfType<JsonObject>().Where(e => e != mine).ToList();

        var conflicts = new List<(JsonObject Entry, IReadOnlyList<string> Path)>();
        foreach (var leaf in FieldSets.Leaves(newSet))
        {
            if (JsonNode.DeepEquals(FieldSets.Navigate(applied, leaf), FieldSets.Navigate(live, leaf))) continue;
            foreach (var other in others)
                if (other["fieldsV1"] is JsonObject theirs && FieldSets.Contains(theirs, leaf)) conflicts.Add((other, leaf));
        }
        if (conflicts.Count > 0 && !force) throw Conflict(conflicts);
        foreach (var (entry, path) in conflicts) FieldSets.Remove((JsonObject)entry["fieldsV1"]!, path);

        Merge(type, result, applied, []);
        RemoveDropped(result, oldSet, newSet, [.. others.Select(o => o["fieldsV1"] as JsonObject).OfType<JsonObject>()]);

        var kept = new JsonArray();
        var replaced = false;
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry == mine) { kept.Add(Entry(manager, "Apply", type.ApiVersion, time, newSet, subresource)); replaced = true; }
            else if (entry["fieldsV1"] is JsonObject f && f.Count > 0)
            {
                kept.Add(entry.DeepClone());
            }
        }
        if (!replaced) kept.Add(Entry(manager, "Apply", type.ApiVersion, time, newSet, subresource));
        Meta.Of(result)["managedFields"] = kept;
        return result;
    }

    private static bool Is(JsonObject entry, string manager, string operation, string? subresource) =>
        entry["manager"]?.GetValue<string>() == manager && entry["operation"]?.GetValue<string>() == operation
        && entry["subresource"]?.GetValue<string>() == subresource;

    /// <summary>409 in the words of k8s.io/apiserver's NewConflictError.</summary>
    private static StatusException Conflict(List<(JsonObject Entry, IReadOnlyList<string> Path)> conflicts)
    {
        static string Manager(JsonObject e)
        {
            var text = $"\"{e["manager"]?.GetValue<string>()}\"";
            if (e["subresource"]?.GetValue<string>() is { Length: > 0 } sub) text += $" with subresource \"{sub}\"";
            return e["operation"]?.GetValue<string>() == "Update" ? $"{text} using {e["apiVersion"]?.GetValue<string>()}" : text;
        }
        var causes = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with {Manager(c.Entry)}", ["field"] = FieldSets.Print(c.Path),
        })]);
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {Manager(conflicts[0].Entry)}: {FieldSets.Print(conflicts[0].Path)}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => Manager(c.Entry)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {FieldSets.Print(c.Path)}")));
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }
        return new StatusException(HttpStatusCode.Conflict, "Conflict", message, new JsonObject { ["causes"] = causes });
    }

    /// <summary>Structural merge of an applied configuration: no directives, lists by their strategy.</summary>
    private static void Merge(ResourceType type, JsonObject target, JsonObject applied, List<string> path)
    {
        foreach (var (key, value) in applied)
        {
            List<string> childPath = [.. path, key];
            switch (value)
            {
                case null: target.Remove(key); break;
                case JsonObject map when target[key] is JsonObject existing: Merge(type, existing, map, childPath); break;
                case JsonArray list when target[key] is JsonArray existing:
                    var strategy = ListStrategies.For(type, childPath);
                    if (strategy.Kind == ListKind.Set)
                    {
                        foreach (var item in list) if (item is not null && !existing.Any(e => JsonNode.DeepEquals(e, item))) existing.Add(item.DeepClone());
                    }
                    else if (strategy.Kind == ListKind.MapByKey)
                    {
                        foreach (var item in list.OfType<JsonObject>())
                        {
                            var match = existing.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[strategy.Key!], item[strategy.Key!]));
                            if (match is null) existing.Add(item.DeepClone()); else Merge(type, match, item, childPath);
                        }
                    }
                    else
                    {
                        target[key] = list.DeepClone();
                    }

                    break;
                default: target[key] = value.DeepClone(); break;
            }
        }
    }

    /// <summary>Removes what this manager applied before and no longer applies, unless another manager owns it.</summary>
    private static void RemoveDropped(JsonNode? node, JsonObject oldSet, JsonObject? newSet, List<JsonObject> others)
    {
        foreach (var (key, child) in oldSet.ToList())
        {
            if (key == "." || child is not JsonObject oldChild) continue;
            var newChild = newSet?[key] as JsonObject;
            var otherChildren = others.Select(o => o[key] as JsonObject).OfType<JsonObject>().ToList();
            if (newChild is null && otherChildren.Count == 0)
            {
                switch (key[..2])
                {
                    case "f:": (node as JsonObject)?.Remove(key[2..]); break;
                    case "k:" when node is JsonArray list && FieldSets.FindElement(list, key) is { } element: list.Remove(element); break;
                    case "v:" when node is JsonArray set && set.FirstOrDefault(i => i?.ToJsonString() == key[2..]) is { } member: set.Remove(member); break;
                }
                continue;
            }
            if (oldChild.Count > 0) RemoveDropped(FieldSets.Navigate(node, [key]), oldChild, newChild, otherChildren);
        }
    }
}
