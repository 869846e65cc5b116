using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
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
    private readonly Queue<WatchEvent> history = new();
    private readonly List<Watcher> watchers = [];
    private readonly Journal? journal;
    private readonly Func<string, ResourceType?> resolveType;
    private long resourceVersion;

    /// <summary>How many past events a watch may start from; older versions get 410 Expired.</summary>
    public int HistoryLimit { get; init; } = 20_000;

    /// <summary>A store in memory, or durable in <paramref name="dataDirectory"/>; <paramref name="resolveType"/> maps a group-resource back to its type when replaying.</summary>
    public ObjectStore(string? dataDirectory, Func<string, ResourceType?> resolveType)
    {
        this.resolveType = resolveType;
        if (dataDirectory is not null)
        {
            journal = new Journal(dataDirectory);
            foreach (var record in journal.Replay())
            {
                resourceVersion = Math.Max(resourceVersion, record.ResourceVersion);
                if (resolveType(record.GroupResource) is not { } type) continue;
                var objects = Bucket(type.GroupResource);
                var key = Key(record.Namespace, record.Name);
                if (record.Json is null) objects.Remove(key);
                else objects[key] = new StoredObject(type, record.Namespace, record.Name, record.ResourceVersion, record.Json);
            }
            journal.Compact(byResource.Values.SelectMany(v => v.Values), resourceVersion);
        }
    }

    /// <summary>The newest resourceVersion handed out.</summary>
    public long ResourceVersion { get { lock (gate) return resourceVersion; } }

    /// <summary>The oldest resourceVersion a watch can still start after.</summary>
    public long OldestWatchableVersion { get { lock (gate) return history.Count == 0 ? resourceVersion : history.Peek().Object.ResourceVersion - 1; } }

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
        lock (gate)
        {
            if (!byResource.TryGetValue(type.GroupResource, out var objects)) return ([], resourceVersion);
            var items = ns is null
                ? [.. objects.Values]
                : objects.Values.Where(o => o.Namespace == ns).ToList();
            return (items, resourceVersion);
        }
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
            Publish(new WatchEvent(current is null ? WatchEvent.Added : WatchEvent.Modified, stored));
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
            var last = current.ToJsonObject();
            ((JsonObject)last["metadata"]!)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            var gone = new StoredObject(type, ns, name, version, StoredObject.Serialize(last));
            journal?.Append(type.GroupResource, ns, name, version, null);
            objects.Remove(Key(ns, name));
            Publish(new WatchEvent(WatchEvent.Deleted, gone));
            return gone;
        }
    }

    private void Publish(WatchEvent change)
    {
        history.Enqueue(change);
        while (history.Count > HistoryLimit) history.Dequeue();
        foreach (var watcher in watchers)
            if (watcher.Matches(change.Object) && !watcher.Channel.Writer.TryWrite(change))
                watcher.Channel.Writer.TryComplete(new InvalidOperationException("watcher fell too far behind"));
    }

    /// <summary>
    /// Starts a watch on <paramref name="type"/> (one namespace or all) for changes after <paramref name="afterVersion"/>.
    /// Throws 410 Expired when that version has left the event window. Dispose the result to stop.
    /// </summary>
    public Watcher Watch(ResourceType type, string? ns, long afterVersion)
    {
        lock (gate)
        {
            var oldest = history.Count == 0 ? resourceVersion : history.Peek().Object.ResourceVersion - 1;
            if (afterVersion < oldest)
                throw StatusException.Expired($"too old resource version: {afterVersion} ({oldest})");
            var watcher = new Watcher(this, type, ns);
            foreach (var change in history)
                if (change.Object.ResourceVersion > afterVersion && watcher.Matches(change.Object))
                    watcher.Channel.Writer.TryWrite(change);
            watchers.Add(watcher);
            return watcher;
        }
    }

    private void Unsubscribe(Watcher watcher)
    {
        lock (gate) watchers.Remove(watcher);
        watcher.Channel.Writer.TryComplete();
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

    /// <summary>A live subscription to one type's changes.</summary>
    public sealed class Watcher : IDisposable
    {
        private readonly ObjectStore store;
        private readonly ResourceType type;
        private readonly string? ns;

        internal Watcher(ObjectStore store, ResourceType type, string? ns)
        {
            this.store = store;
            this.type = type;
            this.ns = ns;
        }

        internal Channel<WatchEvent> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<WatchEvent>(
            new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

        /// <summary>The events, in resourceVersion order.</summary>
        public ChannelReader<WatchEvent> Events => Channel.Reader;

        internal bool Matches(StoredObject o) => o.Type.GroupResource == type.GroupResource && (ns is null || o.Namespace == ns);

        /// <inheritdoc />
        public void Dispose() => store.Unsubscribe(this);
    }

    /// <summary>All stored group-resources and their counts (diagnostics).</summary>
    public ImmutableDictionary<string, int> Counts()
    {
        lock (gate) return byResource.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Count);
    }
}
