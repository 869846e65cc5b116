using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The cluster's storage (etcd's role): objects by group-resource, namespace and name, one global resourceVersion
/// that grows with every write (and keeps growing across restarts), a window of recent events for watches that
/// start from a version, and fan-out of new events to live watchers. With a data directory every write is
/// journaled and flushed before it is acknowledged.
/// </summary>
public sealed partial class ObjectStore : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> byResource = new(StringComparer.Ordinal);
    private readonly Journal? journal;
    private readonly Func<string, ResourceType?> resolveType;
    private long resourceVersion;
    private int objectCount;

    /// <summary>
    /// The journal is compacted into a fresh snapshot once it holds this many records and at least as many as there
    /// are live objects (so compaction stays proportional to the writes it saves). Default 10,000.
    /// </summary>
    public int CompactionThreshold { get; init; } = 10_000;

    /// <summary>A store in memory, or durable in <paramref name="dataDirectory"/>; <paramref name="resolveType"/> maps a group-resource back to its type when replaying.</summary>
    public ObjectStore(string? dataDirectory, Func<string, ResourceType?> resolveType)
    {
        this.resolveType = resolveType;
        if (dataDirectory is not null)
        {
            journal = new Journal(dataDirectory);
            var types = new Dictionary<string, ResourceType?>(StringComparer.Ordinal);
            foreach (var record in journal.Replay())
            {
                resourceVersion = Math.Max(resourceVersion, record.ResourceVersion);
                if (!types.TryGetValue(record.GroupResource, out var type)) types[record.GroupResource] = type = resolveType(record.GroupResource);
                if (type is null) continue;
                var objects = Bucket(type.GroupResource);
                var key = Key(record.Namespace, record.Name);
                if (record.Json is null) objects.Remove(key);
                else objects[key] = new StoredObject(type, record.Namespace, record.Name, record.ResourceVersion, record.Json);
            }
            objectCount = byResource.Values.Sum(v => v.Count);
            journal.Compact(byResource.Values.SelectMany(v => v.Values), resourceVersion);
        }
        // A watch from before the start finds no events to replay: it is Expired, as after an etcd compaction.
        historyFloor = resourceVersion;
    }

    /// <summary>The newest resourceVersion handed out.</summary>
    public long ResourceVersion { get { lock (gate) return resourceVersion; } }

    private static string Key(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    private SortedDictionary<string, StoredObject> Bucket(string groupResource)
    {
        if (!byResource.TryGetValue(groupResource, out var objects))
            byResource[groupResource] = objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
        return objects;
    }

    /// <summary>One object, or null.</summary>
    public StoredObject? Get(ResourceType type, string ns, string name)
    {
        lock (gate)
            return byResource.TryGetValue(type.GroupResource, out var objects) && objects.TryGetValue(Key(ns, name), out var found) ? found : null;
    }

    /// <summary>All objects of a type (in one namespace, or all when <paramref name="ns"/> is null), ordered by namespace/name, and the version the list is consistent at.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceType type, string? ns)
    {
        lock (gate) return (ListLocked(type, ns), resourceVersion);
    }

    private List<StoredObject> ListLocked(ResourceType type, string? ns)
    {
        if (!byResource.TryGetValue(type.GroupResource, out var objects)) return [];
        return ns is null ? [.. objects.Values] : objects.Values.Where(o => o.Namespace == ns).ToList();
    }

    /// <summary>
    /// Writes <paramref name="obj"/> (create or replace), stamping metadata.resourceVersion. <paramref name="precondition"/>
    /// decides against the current object (null when absent) and throws to refuse; it runs under the store's lock.
    /// </summary>
    public StoredObject Put(ResourceType type, string ns, string name, JsonObject obj, Action<StoredObject?>? precondition = null)
    {
        lock (gate)
        {
            var objects = Bucket(type.GroupResource);
            var key = Key(ns, name);
            objects.TryGetValue(key, out var current);
            precondition?.Invoke(current);
            var version = ++resourceVersion;
            var metadata = obj["metadata"] as JsonObject ?? throw StatusException.BadRequest("metadata is required");
            metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            var stored = new StoredObject(type, ns, name, version, StoredObject.Serialize(obj));
            journal?.Append(type.GroupResource, ns, name, version, stored.Json);
            objects[key] = stored;
            if (current is null) objectCount++;
            Publish(new WatchEvent(current is null ? WatchEvent.Added : WatchEvent.Modified, stored) { Previous = current });
            CompactIfGrown();
            return stored;
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state at a new resourceVersion. Null when absent.</summary>
    public StoredObject? Remove(ResourceType type, string ns, string name, Action<StoredObject>? precondition = null)
    {
        lock (gate)
        {
            if (!byResource.TryGetValue(type.GroupResource, out var objects) || !objects.TryGetValue(Key(ns, name), out var current)) return null;
            precondition?.Invoke(current);
            var version = ++resourceVersion;
            var gone = current.WithResourceVersion(version);
            journal?.Append(type.GroupResource, ns, name, version, null);
            objects.Remove(Key(ns, name));
            objectCount--;
            Publish(new WatchEvent(WatchEvent.Deleted, gone) { Previous = current });
            CompactIfGrown();
            return gone;
        }
    }

    private void CompactIfGrown()
    {
        if (journal is null || journal.Appended < Math.Max(CompactionThreshold, objectCount)) return;
        journal.Compact(byResource.Values.SelectMany(v => v.Values), resourceVersion);
    }

    /// <summary>Closes the journal and ends all watches.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var w in watchers) w.Channel.Writer.TryComplete();
            watchers.Clear();
            journal?.Dispose();
        }
    }

    /// <summary>All stored group-resources and their counts (diagnostics).</summary>
    public ImmutableDictionary<string, int> Counts()
    {
        lock (gate) return byResource.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Count);
    }
}
