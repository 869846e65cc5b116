using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The garbage collector (pkg/controller/garbagecollector): keeps a graph of <c>metadata.ownerReferences</c> by owner
/// uid, deletes dependents whose owners are all gone (background), takes the references off dependents of an owner
/// deleted with the <c>orphan</c> finalizer, and deletes the dependents of an owner with the
/// <c>foregroundDeletion</c> finalizer before letting the owner go. Cluster-scoped owners of namespaced dependents
/// work; a namespaced owner of a cluster-scoped dependent is invalid and counts as absent.
/// </summary>
public sealed class GarbageCollector(ControllerContext context) : ReconcileLoop(context)
{
    /// <summary>The finalizer that orphans dependents.</summary>
    public const string OrphanFinalizer = "orphan";

    /// <summary>The finalizer that deletes dependents first.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    // The graph: owner uid → dependents, and each dependent's owner uids (to undo its edges when it changes).
    private readonly Dictionary<string, HashSet<ObjectKey>> dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<ObjectKey, string[]> owners = [];
    private readonly Dictionary<string, ObjectKey> byUid = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => Context.Catalog.All;

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        var key = new ObjectKey(o.Type, o.Namespace, o.Name);
        var uid = o.Uid();
        if (owners.Remove(key, out var before))
        {
            foreach (var owner in before)
                if (dependents.TryGetValue(owner, out var set) && set.Remove(key) && set.Count == 0) dependents.Remove(owner);
        }

        if (change.Type == WatchEvent.Deleted)
        {
            byUid.Remove(uid);
            // Its dependents may have lost their last owner; a foreground owner may be waiting for it.
            if (dependents.TryGetValue(uid, out var orphans)) foreach (var d in orphans) enqueue(d);
            foreach (var owner in before ?? []) if (byUid.TryGetValue(owner, out var ownerKey)) enqueue(ownerKey);
            return;
        }
        byUid[uid] = key;
        var refs = OwnerReferences(o.View).Select(r => r.Uid).Distinct(StringComparer.Ordinal).ToArray();
        if (refs.Length > 0)
        {
            owners[key] = refs;
            foreach (var owner in refs)
            {
                if (!dependents.TryGetValue(owner, out var set)) dependents[owner] = set = [];
                set.Add(key);
            }
        }
        foreach (var owner in (before ?? []).Concat(refs)) if (byUid.TryGetValue(owner, out var ownerKey)) enqueue(ownerKey);
        if (refs.Length > 0 || o.IsDeleting()) enqueue(key);
        if (o.IsDeleting() && dependents.TryGetValue(uid, out var deps)) foreach (var d in deps) enqueue(d);
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } item) return;
        if (item.IsDeleting())
        {
            var finalizers = item.Finalizers();
            if (finalizers.Contains(OrphanFinalizer)) await OrphanAsync(item, cancellationToken);
            else if (finalizers.Contains(ForegroundFinalizer)) await DeleteDependentsFirstAsync(item, cancellationToken);
            return;
        }
        await CollectIfOwnersGoneAsync(item, cancellationToken);
    }

    /// <summary>The dependents of an owner uid, as currently stored.</summary>
    private List<StoredObject> DependentsOf(string uid) =>
        dependents.TryGetValue(uid, out var keys)
            ? [.. keys.Select(k => Client.Get(k.Type, k.Namespace, k.Name)).OfType<StoredObject>().Where(d => OwnerReferences(d.View).Any(r => r.Uid == uid))]
            : [];

    /// <summary>Orphan: every dependent loses its reference to the owner, then the finalizer comes off.</summary>
    private async Task OrphanAsync(StoredObject owner, CancellationToken cancellationToken)
    {
        var uid = owner.Uid();
        foreach (var dependent in DependentsOf(uid))
            await Client.UpdateAsync(dependent, o => EditReferences(o, refs => refs.Where(r => r?["uid"]?.GetValue<string>() != uid)), cancellationToken: cancellationToken);
        await RemoveFinalizerAsync(owner, OrphanFinalizer, cancellationToken);
    }

    /// <summary>Foreground: dependents are deleted; the owner stays until none that blocks its deletion is left.</summary>
    private async Task DeleteDependentsFirstAsync(StoredObject owner, CancellationToken cancellationToken)
    {
        var uid = owner.Uid();
        var blocking = 0;
        foreach (var dependent in DependentsOf(uid))
        {
            if (!dependent.IsDeleting()) await Client.DeleteAsync(dependent, HasDependents(dependent) ? "Foreground" : "Background", cancellationToken);
            var stillThere = Client.Get(dependent.Type, dependent.Namespace, dependent.Name);
            if (stillThere is not null && stillThere.Uid() == dependent.Uid() && OwnerReferences(stillThere.View).Any(r => r.Uid == uid && r.BlockOwnerDeletion)) blocking++;
        }
        if (blocking == 0) await RemoveFinalizerAsync(owner, ForegroundFinalizer, cancellationToken);
    }

    private bool HasDependents(StoredObject o) => dependents.TryGetValue(o.Uid(), out var set) && set.Count > 0;

    private Task<StoredObject> RemoveFinalizerAsync(StoredObject owner, string finalizer, CancellationToken cancellationToken) =>
        Client.UpdateAsync(owner, o => o["metadata"]!["finalizers"] = new JsonArray([.. Rest.Meta.Finalizers(o).Where(f => f != finalizer).Select(f => (JsonNode)f)]), cancellationToken: cancellationToken);

    // A dependent's view of its owners (attemptToDeleteItem in garbagecollector.go).

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
    private async Task CollectIfOwnersGoneAsync(StoredObject item, CancellationToken cancellationToken)
    {
        var refs = OwnerReferences(item.View);
        if (refs.Count == 0) return;
        var states = refs.DistinctBy(r => r.Uid).ToDictionary(r => r.Uid, r => Classify(r, item), StringComparer.Ordinal);
        if (states.Values.Any(s => s == OwnerState.Solid))
        {
            if (states.Values.All(s => s == OwnerState.Solid)) return;
            await Client.UpdateAsync(item, o => EditReferences(o, all => all
                .Where(r => states.GetValueOrDefault(r?["uid"]?.GetValue<string>() ?? "") != OwnerState.Dangling)
                .Select(r =>
                {
                    if (states.GetValueOrDefault(r?["uid"]?.GetValue<string>() ?? "") == OwnerState.WaitingForDependents && r is JsonObject reference)
                        reference["blockOwnerDeletion"] = false;
                    return r;
                })), cancellationToken: cancellationToken);
            return;
        }
        // The dependent of a foreground deletion that has dependents of its own goes in the foreground too.
        var propagation = states.Values.Any(s => s == OwnerState.WaitingForDependents) && HasDependents(item) ? "Foreground" : "Background";
        await Client.DeleteAsync(item, propagation, cancellationToken);
    }

    private OwnerState Classify(OwnerReference reference, StoredObject dependent)
    {
        // A kind the server does not serve cannot be looked up: the real collector leaves such dependents alone too.
        if (Context.Catalog.FindKind(reference.ApiVersion, reference.Kind) is not { } type) return OwnerState.Solid;
        if (type.Namespaced && !dependent.Type.Namespaced) return OwnerState.Dangling;
        var owner = Client.Get(type, type.Namespaced ? dependent.Namespace : "", reference.Name);
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
