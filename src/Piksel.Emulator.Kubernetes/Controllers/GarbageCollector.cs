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
public sealed partial class GarbageCollector(ApiServerState state) : ReconcileLoop(state)
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
    protected override IEnumerable<ResourceType> WatchedTypes() => State.Catalog.All;

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        var key = new ObjectKey(o.Type, o.Namespace, o.Name);
        var uid = o.Uid();
        if (owners.Remove(key, out var before))
            foreach (var owner in before)
                if (dependents.TryGetValue(owner, out var set) && set.Remove(key) && set.Count == 0) dependents.Remove(owner);
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
    protected override Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Store.Get(key.Type, key.Namespace, key.Name) is not { } item) return Task.CompletedTask;
        if (item.IsDeleting())
        {
            var finalizers = item.Finalizers();
            if (finalizers.Contains(OrphanFinalizer)) Orphan(item);
            else if (finalizers.Contains(ForegroundFinalizer)) DeleteDependentsFirst(item);
            return Task.CompletedTask;
        }
        CollectIfOwnersGone(item);
        return Task.CompletedTask;
    }

    /// <summary>The dependents of an owner uid, as currently stored.</summary>
    private List<StoredObject> DependentsOf(string uid) =>
        dependents.TryGetValue(uid, out var keys)
            ? [.. keys.Select(k => Store.Get(k.Type, k.Namespace, k.Name)).OfType<StoredObject>().Where(d => OwnerReferences(d.View).Any(r => r.Uid == uid))]
            : [];

    /// <summary>Orphan: every dependent loses its reference to the owner, then the finalizer comes off.</summary>
    private void Orphan(StoredObject owner)
    {
        var uid = owner.Uid();
        foreach (var dependent in DependentsOf(uid))
            Store.Update(dependent, o => EditReferences(o, refs => refs.Where(r => r?["uid"]?.GetValue<string>() != uid)));
        RemoveFinalizer(owner, OrphanFinalizer);
    }

    /// <summary>Foreground: dependents are deleted; the owner stays until none that blocks its deletion is left.</summary>
    private void DeleteDependentsFirst(StoredObject owner)
    {
        var uid = owner.Uid();
        var blocking = 0;
        foreach (var dependent in DependentsOf(uid))
        {
            if (!dependent.IsDeleting()) Store.Delete(dependent, State.Time, HasDependents(dependent) ? "Foreground" : "Background");
            var stillThere = Store.Get(dependent.Type, dependent.Namespace, dependent.Name);
            if (stillThere is not null && stillThere.Uid() == dependent.Uid() && OwnerReferences(stillThere.View).Any(r => r.Uid == uid && r.BlockOwnerDeletion)) blocking++;
        }
        if (blocking == 0) RemoveFinalizer(owner, ForegroundFinalizer);
    }

    private bool HasDependents(StoredObject o) => dependents.TryGetValue(o.Uid(), out var set) && set.Count > 0;

    private void RemoveFinalizer(StoredObject owner, string finalizer) =>
        Store.Update(owner, o => o["metadata"]!["finalizers"] = new JsonArray([.. Rest.Meta.Finalizers(o).Where(f => f != finalizer).Select(f => (JsonNode)f)]));
}
