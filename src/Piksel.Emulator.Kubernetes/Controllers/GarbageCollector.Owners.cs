using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

// A dependent's view of its owners (attemptToDeleteItem in garbagecollector.go).
public sealed partial class GarbageCollector
{
    /// <summary>One entry of metadata.ownerReferences.</summary>
    private sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool BlockOwnerDeletion);

    private static List<OwnerReference> OwnerReferences(JsonObject o) =>
        o["metadata"]?["ownerReferences"] is JsonArray refs
            ? [.. refs.OfType<JsonObject>().Select(r => new OwnerReference(
                r["apiVersion"]?.GetValue<string>() ?? "", r["kind"]?.GetValue<string>() ?? "", r["name"]?.GetValue<string>() ?? "",
                r["uid"]?.GetValue<string>() ?? "", r["blockOwnerDeletion"]?.GetValue<bool>() ?? false))]
            : [];

    private enum OwnerState { Solid, Dangling, WaitingForDependents }

    /// <summary>
    /// Classifies each owner: present with the same uid (solid), absent or replaced by a namesake (dangling), or being
    /// deleted in the foreground (waiting for its dependents). With a solid owner left, dangling references are taken
    /// off and waiting owners are no longer blocked; with none, the dependent is deleted.
    /// </summary>
    private void CollectIfOwnersGone(StoredObject item)
    {
        var refs = OwnerReferences(item.View);
        if (refs.Count == 0) return;
        var states = refs.DistinctBy(r => r.Uid).ToDictionary(r => r.Uid, r => Classify(r, item), StringComparer.Ordinal);
        if (states.Values.Any(s => s == OwnerState.Solid))
        {
            if (states.Values.All(s => s == OwnerState.Solid)) return;
            Store.Update(item, o => EditReferences(o, all => all
                .Where(r => states.GetValueOrDefault(r?["uid"]?.GetValue<string>() ?? "") != OwnerState.Dangling)
                .Select(r =>
                {
                    if (states.GetValueOrDefault(r?["uid"]?.GetValue<string>() ?? "") == OwnerState.WaitingForDependents && r is JsonObject reference)
                        reference["blockOwnerDeletion"] = false;
                    return r;
                })));
            return;
        }
        // The dependent of a foreground deletion that has dependents of its own goes in the foreground too.
        var propagation = states.Values.Any(s => s == OwnerState.WaitingForDependents) && HasDependents(item) ? "Foreground" : "Background";
        Store.Delete(item, State.Time, propagation);
    }

    private OwnerState Classify(OwnerReference reference, StoredObject dependent)
    {
        // A kind the server does not serve cannot be looked up: the real collector leaves such dependents alone too.
        if (State.Catalog.FindKind(reference.ApiVersion, reference.Kind) is not { } type) return OwnerState.Solid;
        if (type.Namespaced && !dependent.Type.Namespaced) return OwnerState.Dangling;
        var owner = Store.Get(type, type.Namespaced ? dependent.Namespace : "", reference.Name);
        if (owner is null || owner.Uid() != reference.Uid) return OwnerState.Dangling;
        return owner.IsDeleting() && owner.Finalizers().Contains(ForegroundFinalizer) ? OwnerState.WaitingForDependents : OwnerState.Solid;
    }

    /// <summary>Rewrites metadata.ownerReferences (removed altogether when none is left, as the API server stores it).</summary>
    private static void EditReferences(JsonObject o, Func<IEnumerable<JsonNode?>, IEnumerable<JsonNode?>> edit)
    {
        var metadata = (JsonObject)o["metadata"]!;
        var refs = metadata["ownerReferences"] as JsonArray ?? [];
        var kept = edit([.. refs.Select(r => r?.DeepClone())]).ToList();
        if (kept.Count == 0) metadata.Remove("ownerReferences");
        else metadata["ownerReferences"] = new JsonArray([.. kept]);
    }
}
