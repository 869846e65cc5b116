using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// What the naming and establishing controllers of apiextensions-apiserver do for one CRD: check its names against
/// every other served kind (NamesAccepted, or PluralConflict/KindConflict and not served), serve its versions
/// (Established), and write that in its status (acceptedNames, conditions, storedVersions).
/// </summary>
internal static class Establishment
{
    /// <summary>The finalizer that keeps a CRD until its objects are gone.</summary>
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>Serves <paramref name="definition"/>'s versions unless its names conflict; returns the status to write.</summary>
    public static JsonObject Establish(ResourceCatalog catalog, Definition definition, JsonObject crd, DateTimeOffset now)
    {
        var others = catalog.All.Where(t => t.Custom?.DefinitionName != definition.Name).ToList();
        string? conflict = null, reason = null;
        if (others.Any(t => t.Group == definition.Group && t.Plural == definition.Plural))
            (reason, conflict) = ("PluralConflict", $"\"{definition.Plural}\" is already in use");
        else if (others.Any(t => t.Group == definition.Group && t.Kind == definition.Kind))
            (reason, conflict) = ("KindConflict", $"\"{definition.Kind}\" is already in use");
        else if (others.Any(t => t.Group == definition.Group && (t.ShortNames.Intersect(definition.ShortNames).Any() || t.Singular == definition.Singular)))
            (reason, conflict) = ("ShortNamesConflict", "short names or singular already in use");
        var status = crd["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        var conditions = status["conditions"] as JsonArray ?? [];
        var time = Meta.Timestamp(now);
        if (conflict is not null)
        {
            SetCondition(conditions, "NamesAccepted", "False", reason!, conflict, time);
            SetCondition(conditions, "Established", "False", "NotAccepted", "not all names are accepted", time);
            status["conditions"] = conditions;
            status["acceptedNames"] ??= new JsonObject { ["plural"] = "", ["kind"] = "" };
            return status;
        }
        catalog.Replace(definition.Group, definition.Plural, definition.Types);
        SetCondition(conditions, "NamesAccepted", "True", "NoConflicts", "no conflicts found", time);
        SetCondition(conditions, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", time);
        status["conditions"] = conditions;
        var names = crd["spec"]?["names"]?.DeepClone() as JsonObject ?? new JsonObject();
        names["singular"] = definition.Singular;
        names["listKind"] = definition.ListKind;
        status["acceptedNames"] = names;
        var stored = (status["storedVersions"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).OfType<string>().ToList();
        if (!stored.Contains(definition.StorageVersion)) stored.Add(definition.StorageVersion);
        status["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode)v)]);
        return status;
    }

    /// <summary>Sets (or adds) a condition, keeping its lastTransitionTime when the status did not change.</summary>
    public static void SetCondition(JsonArray conditions, string type, string value, string reason, string message, string time)
    {
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        var since = existing?["status"]?.GetValue<string>() == value ? existing["lastTransitionTime"]?.GetValue<string>() ?? time : time;
        var condition = new JsonObject { ["type"] = type, ["status"] = value, ["lastTransitionTime"] = since, ["reason"] = reason, ["message"] = message };
        if (existing is null) conditions.Add(condition);
        else conditions[conditions.IndexOf(existing)] = condition;
    }
}
