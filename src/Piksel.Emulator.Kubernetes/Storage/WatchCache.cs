using System.Threading.Channels;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The store's window of recent events and their fan-out to live watchers: the part of the store that plays the API
/// server's watch cache. It has no lock of its own: <see cref="ObjectStore"/> calls it under its lock, so every watcher
/// sees the events in the order of the writes.
/// </summary>
internal sealed class WatchCache
{
    private readonly Queue<WatchEvent> history = new();
    private readonly List<ObjectStore.Watcher> watchers = [];
    private TaskCompletionSource advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many past events a watch may start from. Default 20,000.</summary>
    public int HistoryLimit { get; set; } = 20_000;

    /// <summary>Every event after this version is still in the window; a watch may start at it or later.</summary>
    public long Floor { get; private set; }

    /// <summary>Completes when the next event is published.</summary>
    public Task Advanced => advanced.Task;

    /// <summary>Drops the events up to <paramref name="through"/>, as an etcd compaction does.</summary>
    public void Compact(long through)
    {
        while (history.Count > 0 && history.Peek().Object.ResourceVersion <= through) history.Dequeue();
        Floor = Math.Max(Floor, through);
    }

    /// <summary>Keeps <paramref name="change"/> in the window and hands it to every watcher that sees it.</summary>
    public void Publish(WatchEvent change)
    {
        history.Enqueue(change);
        while (history.Count > HistoryLimit) Floor = history.Dequeue().Object.ResourceVersion;
        foreach (var watcher in watchers)
        {
            if (watcher.Convert(change) is { } delivered && !watcher.Channel.Writer.TryWrite(delivered))
                watcher.Channel.Writer.TryComplete(new ChannelClosedException("watcher fell too far behind"));
        }

        advanced.TrySetResult();
        advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Adds <paramref name="watcher"/>, first replaying the window's events after <paramref name="afterVersion"/> (none when
    /// null). Throws 410 Expired when that version has left the window.
    /// </summary>
    public void Subscribe(ObjectStore.Watcher watcher, long? afterVersion)
    {
        if (afterVersion is { } after)
        {
            if (after < Floor)
                throw StatusException.Expired($"too old resource version: {after} ({Floor})");
            foreach (var change in history)
            {
                if (change.Object.ResourceVersion > after && watcher.Convert(change) is { } delivered)
                    watcher.Channel.Writer.TryWrite(delivered);
            }
        }

        watchers.Add(watcher);
    }

    /// <summary>Stops handing events to <paramref name="watcher"/>.</summary>
    public void Unsubscribe(ObjectStore.Watcher watcher) => watchers.Remove(watcher);

    /// <summary>Ends every watch.</summary>
    public void CloseAll()
    {
        foreach (var w in watchers) w.Channel.Writer.TryComplete();
        watchers.Clear();
    }
}
