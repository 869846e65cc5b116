using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The cluster's storage (etcd's role): objects by group-resource, namespace and name, one global resourceVersion
/// that grows with every write (and keeps growing across restarts), a window of recent events for watches that
/// start from a version, and fan-out of new events to live watchers. With a data directory every write is
/// journaled and flushed before it is acknowledged. Objects of the resources a storage transformer covers are kept at
/// rest only as its envelopes, and read back through it.
/// </summary>
public sealed class ObjectStore : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> byResource = new(StringComparer.Ordinal);
    private readonly Journal? journal;
    private readonly EncryptionAtRest atRest;
    private readonly WatchCache watches = new();
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
        : this(dataDirectory, resolveType, null)
    {
    }

    /// <summary>
    /// A store in memory, or durable in <paramref name="dataDirectory"/>, whose objects of the resources
    /// <paramref name="transformer"/> covers are kept at rest only as its envelopes.
    /// </summary>
    public ObjectStore(string? dataDirectory, Func<string, ResourceType?> resolveType, IStorageTransformer? transformer)
    {
        this.resolveType = resolveType;
        atRest = new EncryptionAtRest(transformer);
        if (dataDirectory is not null)
        {
            journal = new Journal(dataDirectory);
            var types = new Dictionary<string, ResourceType?>(StringComparer.Ordinal);
            // Custom resources' kinds are not served yet (their CRDs are read from this very journal): their records wait
            // until every CRD is replayed, then take the type their stored definition gives. None is ever dropped.
            var custom = new List<Journal.Record>();
            foreach (var record in journal.Replay())
            {
                resourceVersion = Math.Max(resourceVersion, record.ResourceVersion);
                if (!types.TryGetValue(record.GroupResource, out var type)) types[record.GroupResource] = type = resolveType(record.GroupResource);
                if (type is null) custom.Add(record);
                else Replay(type, record);
            }
            foreach (var record in custom)
            {
                if (!types.TryGetValue(record.GroupResource, out var type) || type is null)
                    types[record.GroupResource] = type = StoredDefinitions.TypeOf(record.GroupResource, Bucket(StoredDefinitions.GroupResource).Values);
                if (type is not null) Replay(type, record);
            }
            objectCount = byResource.Values.Sum(v => v.Count);
            journal.Compact(atRest.Records(byResource.Values.SelectMany(v => v.Values)), resourceVersion);
        }
        // A watch from before the start finds no events to replay: it is Expired, as after an etcd compaction.
        watches.Compact(resourceVersion);
    }

    private void Replay(ResourceType type, Journal.Record record)
    {
        var objects = Bucket(type.GroupResource);
        var key = Key(record.Namespace, record.Name);
        if (atRest.Replay(record) is not { } json) objects.Remove(key);
        else objects[key] = new StoredObject(type, record.Namespace, record.Name, record.ResourceVersion, json);
    }

    /// <summary>
    /// The largest object stored: etcd's request limit (<c>--max-request-bytes</c>, 1.5 MiB), measured on the stored JSON.
    /// </summary>
    public const int MaxObjectBytes = 1536 * 1024;

    /// <summary>
    /// What a write over <see cref="MaxObjectBytes"/> gets: etcd's words. kube-apiserver passes them on as a 500
    /// (kubernetes#112152 asks for a client error); here it is 413, so that a too-large object is never a server fault.
    /// </summary>
    public static StatusException TooLarge() =>
        new(System.Net.HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", "etcdserver: request is too large");

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
        {
            OpenWaiting(type);
            if (!byResource.TryGetValue(type.GroupResource, out var objects) || !objects.TryGetValue(Key(ns, name), out var found)) return null;
            atRest.EnsureReadable([found], listing: false);
            return Crds.StorageVersions.ForRead(type, found);
        }
    }

    /// <summary>All objects of a type (in one namespace, or all when <paramref name="ns"/> is null), ordered by namespace/name, and the version the list is consistent at.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceType type, string? ns)
    {
        lock (gate) return (ListLocked(type, ns), resourceVersion);
    }

    private List<StoredObject> ListLocked(ResourceType type, string? ns)
    {
        OpenWaiting(type);
        if (!byResource.TryGetValue(type.GroupResource, out var objects)) return [];
        var items = ns is null ? [.. objects.Values] : objects.Values.Where(o => o.Namespace == ns).ToList();
        atRest.EnsureReadable(items, listing: true);
        // A custom resource is read through the requested version (its apiVersion, pruning and defaults).
        if (type.Custom is not null) items = items.ConvertAll(o => Crds.StorageVersions.ForRead(type, o));
        return items;
    }

    /// <summary>Brings back objects whose envelopes could not be opened at start; until they can, the resource answers InternalError.</summary>
    private void OpenWaiting(ResourceType type) =>
        atRest.OpenWaiting(type.GroupResource, (record, json) =>
        {
            Bucket(type.GroupResource)[Key(record.Namespace, record.Name)] = new StoredObject(type, record.Namespace, record.Name, record.ResourceVersion, json);
            objectCount++;
        });

    /// <summary>
    /// Writes <paramref name="obj"/> (create or replace), stamping metadata.resourceVersion. <paramref name="precondition"/>
    /// decides against the current object (null when absent) and throws to refuse; it runs under the store's lock.
    /// </summary>
    public StoredObject Put(ResourceType type, string ns, string name, JsonObject obj, Action<StoredObject?>? precondition = null)
    {
        lock (gate)
        {
            OpenWaiting(type);
            var objects = Bucket(type.GroupResource);
            var key = Key(ns, name);
            objects.TryGetValue(key, out var current);
            precondition?.Invoke(current);
            var metadata = obj["metadata"] as JsonObject ?? throw StatusException.BadRequest("metadata is required");
            var version = resourceVersion + 1;
            metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Crds.StorageVersions.ToStorage(type, obj);
            var json = StoredObject.Serialize(obj);
            if (json.Length > MaxObjectBytes) throw TooLarge();
            var stored = new StoredObject(type, ns, name, version, json);
            // Encrypted before the version is taken: a write the transformer refuses changes nothing.
            var envelope = atRest.Protect(type.GroupResource, ns, name, stored.Json);
            resourceVersion = version;
            journal?.Append(new Journal.Record(type.GroupResource, ns, name, version, envelope is null ? stored.Json : null, envelope));
            objects[key] = stored;
            if (current is null) objectCount++;
            watches.Publish(new WatchEvent(current is null ? WatchEvent.Added : WatchEvent.Modified, stored) { Previous = current });
            CompactIfGrown();
            return Crds.StorageVersions.ForRead(type, stored);
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state at a new resourceVersion. Null when absent.</summary>
    public StoredObject? Remove(ResourceType type, string ns, string name, Action<StoredObject>? precondition = null)
    {
        lock (gate)
        {
            OpenWaiting(type);
            if (!byResource.TryGetValue(type.GroupResource, out var objects) || !objects.TryGetValue(Key(ns, name), out var current)) return null;
            precondition?.Invoke(current);
            var version = ++resourceVersion;
            var gone = current.WithResourceVersion(version);
            journal?.Append(new Journal.Record(type.GroupResource, ns, name, version, null));
            atRest.Forget(type.GroupResource, ns, name);
            objects.Remove(Key(ns, name));
            objectCount--;
            watches.Publish(new WatchEvent(WatchEvent.Deleted, gone) { Previous = current });
            CompactIfGrown();
            return Crds.StorageVersions.ForRead(type, gone);
        }
    }

    private void CompactIfGrown()
    {
        if (journal is null || journal.Appended < Math.Max(CompactionThreshold, objectCount)) return;
        journal.Compact(atRest.Records(byResource.Values.SelectMany(v => v.Values)), resourceVersion);
    }

    /// <summary>Closes the journal and ends all watches.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            watches.CloseAll();
            journal?.Dispose();
        }
    }

    /// <summary>All stored group-resources and their counts (diagnostics).</summary>
    public ImmutableDictionary<string, int> Counts()
    {
        lock (gate) return byResource.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Count);
    }

    /// <summary>How many past events a watch may start from; older versions get 410 Expired. Default 20,000.</summary>
    public int HistoryLimit { get => watches.HistoryLimit; init => watches.HistoryLimit = value; }

    /// <summary>
    /// How often a watch that allows bookmarks is sent one (etcd's progress-notify interval, the API server's bookmark
    /// frequency). Default one minute, as the real server; tests shorten it.
    /// </summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The oldest resourceVersion a watch can still start after.</summary>
    public long OldestWatchableVersion { get { lock (gate) return watches.Floor; } }

    /// <summary>
    /// Drops the event window up to <paramref name="throughVersion"/> (all of it when null), as an etcd compaction does:
    /// watches from older versions then get 410 Expired. For tests of clients' relist paths.
    /// </summary>
    public void CompactHistory(long? throughVersion = null)
    {
        lock (gate) watches.Compact(Math.Min(throughVersion ?? resourceVersion, resourceVersion));
    }

    /// <summary>
    /// Starts a watch on <paramref name="type"/> (one namespace or all) for changes after <paramref name="afterVersion"/>.
    /// Throws 410 Expired when that version has left the event window. Dispose the result to stop.
    /// </summary>
    public Watcher Watch(ResourceType type, string? ns, long afterVersion) => Watch(type, ns, afterVersion, null);

    /// <summary>
    /// A watch that sees only objects <paramref name="filter"/> accepts: an object that starts matching arrives as
    /// ADDED, one that stops matching as DELETED (its previous content at the new version), as the API server's
    /// watch cache delivers them.
    /// </summary>
    public Watcher Watch(ResourceType type, string? ns, long afterVersion, Func<StoredObject, bool>? filter)
    {
        lock (gate)
        {
            var watcher = new Watcher(this, type, ns, filter);
            watches.Subscribe(watcher, afterVersion);
            return watcher;
        }
    }

    /// <summary>The current objects <paramref name="filter"/> accepts and a watch of the changes after them, taken atomically.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion, Watcher Watcher) ListAndWatch(ResourceType type, string? ns, Func<StoredObject, bool>? filter)
    {
        lock (gate)
        {
            var items = ListLocked(type, ns);
            if (filter is not null) items.RemoveAll(o => !filter(o));
            var watcher = new Watcher(this, type, ns, filter);
            watches.Subscribe(watcher, null);
            return (items, resourceVersion, watcher);
        }
    }

    /// <summary>Waits until the store has reached <paramref name="version"/>; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitForVersionAsync(long version, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (resourceVersion >= version) return true;
                next = watches.Advanced;
            }
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) return false;
            try { await next.WaitAsync(left, time, cancellationToken); }
            catch (TimeoutException) { return false; }
        }
    }

    private void Unsubscribe(Watcher watcher)
    {
        lock (gate) watches.Unsubscribe(watcher);
        watcher.Channel.Writer.TryComplete();
    }

    private void RequestBookmark(Watcher watcher)
    {
        // Under the lock, so the bookmark follows every event at or below its version in the watcher's queue.
        lock (gate) watcher.Channel.Writer.TryWrite(new WatchEvent(WatchEvent.Bookmark, BookmarkObject(watcher.Type, resourceVersion)));
    }

    /// <summary>
    /// A bookmark's object: the watched kind with only <c>metadata.resourceVersion</c> (and, for the end of a streaming
    /// list's initial events, the <c>k8s.io/initial-events-end</c> annotation).
    /// </summary>
    public static StoredObject BookmarkObject(ResourceType type, long version, bool initialEventsEnd = false)
    {
        var rv = version.ToString(CultureInfo.InvariantCulture);
        var annotations = initialEventsEnd ? ""","annotations":{"k8s.io/initial-events-end":"true"}""" : "";
        var json = $$$"""{"kind":"{{{type.Kind}}}","apiVersion":"{{{type.ApiVersion}}}","metadata":{"resourceVersion":"{{{rv}}}"{{{annotations}}}}}""";
        return new StoredObject(type, "", "", version, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A live subscription to one type's changes (in one namespace or all), optionally filtered.</summary>
    public sealed class Watcher : IDisposable
    {
        private readonly ObjectStore store;
        private readonly string? ns;
        private readonly Func<StoredObject, bool>? filter;

        internal Watcher(ObjectStore store, ResourceType type, string? ns, Func<StoredObject, bool>? filter = null)
        {
            this.store = store;
            Type = type;
            this.ns = ns;
            this.filter = filter;
        }

        internal ResourceType Type { get; }

        internal Channel<WatchEvent> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<WatchEvent>(
            new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

        /// <summary>The events, in resourceVersion order. The reader ends with an error when the watcher fell too far behind.</summary>
        public ChannelReader<WatchEvent> Events => Channel.Reader;

        /// <summary>Queues a BOOKMARK at the store's current version (after every event up to it).</summary>
        public void RequestBookmark() => store.RequestBookmark(this);

        internal bool Matches(StoredObject o) => o.Type.GroupResource == Type.GroupResource && (ns is null || o.Namespace == ns);

        /// <summary>
        /// What this watcher sees of <paramref name="change"/>, or null: the watch cache's rules for filtered watches
        /// (k8s.io/apiserver cacheWatcher.convertToWatchEvent).
        /// </summary>
        internal WatchEvent? Convert(WatchEvent change)
        {
            if (!Matches(change.Object)) return null;
            // A custom resource's watcher sees objects in its own version.
            if (Type.Custom is not null && change.Type != WatchEvent.Bookmark)
            {
                change = new WatchEvent(change.Type, Crds.StorageVersions.ForRead(Type, change.Object))
                {
                    Previous = change.Previous is { } previous ? Crds.StorageVersions.ForRead(Type, previous) : null,
                };
            }
            return Filtered(change);
        }

        private WatchEvent? Filtered(WatchEvent change)
        {
            if (filter is null) return change;
            var now = change.Type != WatchEvent.Deleted && filter(change.Object);
            var before = change.Previous is { } previous && filter(previous);
            return (now, before) switch
            {
                (true, false) => change.Type == WatchEvent.Added ? change : new WatchEvent(WatchEvent.Added, change.Object) { Previous = change.Previous },
                (true, true) => change,
                (false, true) => change.Type == WatchEvent.Deleted
                    ? change
                    : new WatchEvent(WatchEvent.Deleted, change.Previous!.WithResourceVersion(change.Object.ResourceVersion)) { Previous = change.Previous },
                _ => null,
            };
        }

        /// <inheritdoc />
        public void Dispose() => store.Unsubscribe(this);
    }
}
