using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// How controllers write: with the same optimistic concurrency a client has (a write based on a stale read is a
/// 409 and the key is reconciled again), and with the API server's deletion rules (finalizers keep an object until
/// they are gone).
/// </summary>
public static class StoreWrites
{
    /// <summary>
    /// Applies <paramref name="change"/> to a copy of <paramref name="read"/> and stores it if anything changed, failing
    /// with 409 when the object moved on since it was read. An object being deleted whose last finalizer this removes goes.
    /// </summary>
    public static StoredObject? Update(this ObjectStore store, StoredObject read, Action<JsonObject> change)
    {
        var obj = read.ToJsonObject();
        change(obj);
        if (JsonNode.DeepEquals(obj, read.View)) return read;
        var stored = store.Put(read.Type, read.Namespace, read.Name, obj, latest => Unchanged(read, latest));
        if (Meta.Of(obj)["deletionTimestamp"] is not null && Meta.Finalizers(obj).Count == 0 && read.Type != BuiltInResources.Namespaces)
            return store.Remove(read.Type, read.Namespace, read.Name, latest => Unchanged(stored, latest));
        return stored;
    }

    /// <summary>
    /// Creates <paramref name="obj"/> with the metadata the API server stamps (uid, creationTimestamp) unless an object
    /// of that name exists; returns the existing one then.
    /// </summary>
    public static StoredObject CreateIfAbsent(this ObjectStore store, ResourceType type, string ns, string name, JsonObject obj, TimeProvider time)
    {
        var metadata = Meta.Of(obj);
        metadata["name"] = name;
        if (type.Namespaced) metadata["namespace"] = ns;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Meta.Timestamp(time.GetUtcNow());
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        StoredObject? existing = null;
        try
        {
            return store.Put(type, ns, name, obj, current =>
            {
                existing = current;
                if (current is not null) throw new ExistsException();
            });
        }
        catch (ExistsException)
        {
            return existing!;
        }
    }

    /// <summary>
    /// Deletes an object as a DELETE with <paramref name="propagation"/> would: one with finalizers (or a namespace,
    /// or a foreground deletion) gets a deletionTimestamp and stays; anything else is removed. The uid is
    /// checked so a namesake created since is not deleted. Returns false when the object was not there.
    /// </summary>
    public static bool Delete(this ObjectStore store, StoredObject read, TimeProvider time, string propagation = "Background")
    {
        var obj = read.ToJsonObject();
        var metadata = Meta.Of(obj);
        if (metadata["deletionTimestamp"] is not null) return true;
        var finalizers = Meta.Finalizers(obj).ToList();
        var add = propagation switch { "Foreground" => "foregroundDeletion", "Orphan" => "orphan", _ => null };
        if (add is not null && !finalizers.Contains(add)) finalizers.Add(add);
        if (finalizers.Count == 0 && read.Type != BuiltInResources.Namespaces)
            return store.Remove(read.Type, read.Namespace, read.Name, latest => SameUid(read, latest)) is not null;
        metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
        metadata["deletionTimestamp"] = Meta.Timestamp(time.GetUtcNow());
        metadata["deletionGracePeriodSeconds"] = 0;
        store.Put(read.Type, read.Namespace, read.Name, obj, latest => Unchanged(read, latest));
        return true;
    }

    /// <summary>The object's uid.</summary>
    public static string Uid(this StoredObject o) => o.View["metadata"]?["uid"]?.GetValue<string>() ?? "";

    /// <summary>True when the object has a deletionTimestamp.</summary>
    public static bool IsDeleting(this StoredObject o) => o.View["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>The object's metadata.finalizers.</summary>
    public static IReadOnlyList<string> Finalizers(this StoredObject o) => Meta.Finalizers(o.View);

    private static void Unchanged(StoredObject read, StoredObject? latest)
    {
        if (latest is null) throw StatusException.NotFound(read.Type, read.Name);
        if (latest.ResourceVersion != read.ResourceVersion) throw StatusException.Conflict(read.Type, read.Name);
    }

    private static void SameUid(StoredObject read, StoredObject latest)
    {
        if (latest.Uid() != read.Uid())
            throw StatusException.Conflict(read.Type, read.Name);
    }

    /// <summary>The metadata.resourceVersion string of a version.</summary>
    public static string VersionString(long version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed class ExistsException : Exception;
}
