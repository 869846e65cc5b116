using System.Threading.Channels;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

public sealed partial class ObjectStore
{
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
