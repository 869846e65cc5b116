using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

// The event window and fan-out: the part of the store that plays the watch cache's role.
public sealed partial class ObjectStore
{
    private readonly Queue<WatchEvent> history = new();
    private readonly List<Watcher> watchers = [];
    private TaskCompletionSource advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Every event after this version is still in the window; a watch may start at it or later.
    private long historyFloor;

    /// <summary>How many past events a watch may start from; older versions get 410 Expired. Default 20,000.</summary>
    public int HistoryLimit { get; init; } = 20_000;

    /// <summary>
    /// How often a watch that allows bookmarks is sent one (etcd's progress-notify interval, the API server's bookmark
    /// frequency). Default one minute, as the real server; tests shorten it.
    /// </summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The oldest resourceVersion a watch can still start after.</summary>
    public long OldestWatchableVersion { get { lock (gate) return historyFloor; } }

    /// <summary>
    /// Drops the event window up to <paramref name="throughVersion"/> (all of it when null), as an etcd compaction does:
    /// watches from older versions then get 410 Expired. For tests of clients' relist paths.
    /// </summary>
    public void CompactHistory(long? throughVersion = null)
    {
        lock (gate)
        {
            var through = Math.Min(throughVersion ?? resourceVersion, resourceVersion);
            while (history.Count > 0 && history.Peek().Object.ResourceVersion <= through) history.Dequeue();
            historyFloor = Math.Max(historyFloor, through);
        }
    }

    private void Publish(WatchEvent change)
    {
        history.Enqueue(change);
        while (history.Count > HistoryLimit) historyFloor = history.Dequeue().Object.ResourceVersion;
        foreach (var watcher in watchers)
        {
            if (watcher.Convert(change) is { } delivered && !watcher.Channel.Writer.TryWrite(delivered))
                watcher.Channel.Writer.TryComplete(new ChannelClosedException("watcher fell too far behind"));
        }

        advanced.TrySetResult();
        advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
            if (afterVersion < historyFloor)
                throw StatusException.Expired($"too old resource version: {afterVersion} ({historyFloor})");
            var watcher = new Watcher(this, type, ns, filter);
            foreach (var change in history)
            {
                if (change.Object.ResourceVersion > afterVersion && watcher.Convert(change) is { } delivered)
                    watcher.Channel.Writer.TryWrite(delivered);
            }

            watchers.Add(watcher);
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
            watchers.Add(watcher);
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
                next = advanced.Task;
            }
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) return false;
            try { await next.WaitAsync(left, time, cancellationToken); }
            catch (TimeoutException) { return false; }
        }
    }

    private void Unsubscribe(Watcher watcher)
    {
        lock (gate) watchers.Remove(watcher);
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
}
