using System.Collections.Concurrent;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The shape of every controller here, as in kube-controller-manager: list then watch the types it cares about,
/// turn each event into keys on a de-duplicating work queue, and reconcile a key by reading the current state from
/// storage (level-triggered, so a missed or repeated event does no harm). A failed reconcile is retried with backoff.
/// At start everything is listed again, which is how work left half done before a restart is finished. Reads come
/// from the store; writes go through <see cref="Client"/>, under the controller's identity.
/// </summary>
public abstract class ReconcileLoop(ControllerContext context) : IController
{
    private readonly LinkedList<ObjectKey> queue = new();
    private readonly HashSet<ObjectKey> queued = [];
    // Due times are monotonic milliseconds, not the cluster clock: backoff must run even when a test freezes that clock.
    private readonly Dictionary<ObjectKey, (long Due, int Attempts)> retries = [];
    // Keys to reconcile again at a time on the cluster clock (the work queue's AddAfter): a test that moves the clock
    // sees them come due, and IsIdle reports a due one (so settling waits for it).
    private readonly ConcurrentDictionary<ObjectKey, DateTimeOffset> timers = new();
    private volatile TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile WatchSlot[] slots = [];
    private volatile bool busy = true;

    /// <summary>The cluster's options, clock, catalog and PKI.</summary>
    protected ControllerContext Context { get; } = context;

    /// <summary>The controller's client: reads from the store, writes as the controller's user.</summary>
    protected IControllerClient Client => Context.Client;

    /// <summary>The types to list and watch; asked again as the catalog changes (custom resources).</summary>
    protected abstract IEnumerable<ResourceType> WatchedTypes();

    /// <summary>Turns one change (or, at start, one listed object as ADDED) into the keys to reconcile.</summary>
    protected abstract void OnEvent(WatchEvent change, Action<ObjectKey> enqueue);

    /// <summary>Brings the world in line for one key; idempotent. Throw to retry later.</summary>
    protected abstract Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Creates what must exist before anything is watched (system namespaces, the node).</summary>
    protected virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// True when everything published before this call has been reconciled: no event waiting in a watch, no key
    /// queued or waiting for a retry, no reconcile running. The counts are read before the busy flag because the
    /// loop raises the flag before it drains the watches.
    /// </summary>
    public bool IsIdle
    {
        get
        {
            foreach (var slot in slots)
                if (slot.Watcher.Events.Count > 0 || slot.Watcher.Events.Completion.IsCompleted) return false;
            if (AnyTimerDue())
            {
                wake.TrySetResult();
                return false;
            }
            return !busy;
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                busy = true;
                SyncWatches();
                foreach (var slot in slots)
                    while (slot.Watcher.Events.TryRead(out var change)) OnEvent(change, Enqueue);
                var now = Environment.TickCount64;
                foreach (var (key, retry) in retries.Where(r => r.Value.Due <= now).ToList()) Enqueue(key);
                var clock = Context.Time.GetUtcNow();
                foreach (var (key, due) in timers)
                    if (due <= clock && timers.TryRemove(KeyValuePair.Create(key, due))) Enqueue(key);
                while (queue.First is { } first)
                {
                    stoppingToken.ThrowIfCancellationRequested();
                    queue.RemoveFirst();
                    queued.Remove(first.Value);
                    await ReconcileOneAsync(first.Value, stoppingToken);
                }
                if (slots.Any(s => s.Watcher.Events.Count > 0 || s.Watcher.Events.Completion.IsCompleted)) continue;
                busy = retries.Count > 0;
                await WaitForWorkAsync(stoppingToken);
            }
        }
        finally
        {
            foreach (var slot in slots) slot.Watcher.Dispose();
            slots = [];
        }
    }

    /// <summary>
    /// Reconciles <paramref name="key"/> again once the cluster clock reaches <paramref name="due"/> (the earliest of the
    /// times asked for wins): what a controller does for a time-based condition no object change will signal
    /// (minReadySeconds, progressDeadlineSeconds, activeDeadlineSeconds, a cron schedule).
    /// </summary>
    protected void EnqueueAt(ObjectKey key, DateTimeOffset due)
    {
        timers.AddOrUpdate(key, due, (_, earlier) => earlier < due ? earlier : due);
        wake.TrySetResult();
    }

    /// <summary>
    /// Reconciles <paramref name="key"/> again once <paramref name="delay"/> has passed on the cluster clock (a simulated
    /// container finishing, a grace period running out): <see cref="EnqueueAt"/> from now.
    /// </summary>
    protected void EnqueueAfter(ObjectKey key, TimeSpan delay) => EnqueueAt(key, Context.Time.GetUtcNow() + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero));

    private bool AnyTimerDue()
    {
        if (timers.IsEmpty) return false;
        var now = Context.Time.GetUtcNow();
        return timers.Values.Any(due => due <= now);
    }

    private void Enqueue(ObjectKey key)
    {
        if (queued.Add(key)) queue.AddLast(key);
    }

    private async Task ReconcileOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileAsync(key, cancellationToken);
            retries.Remove(key);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Mostly a 409 from a write racing another writer: read again shortly (5 ms doubling to 1 s).
            var attempts = retries.TryGetValue(key, out var r) ? r.Attempts + 1 : 1;
            var delay = (long)Math.Min(1000, 5 * Math.Pow(2, Math.Min(attempts, 10)));
            retries[key] = (Environment.TickCount64 + delay, attempts);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        // A new signal first, then the timers: one that came due in between is seen here, one after it signals.
        var signal = wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (AnyTimerDue()) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The periodic wake-up (at most 1 s) also notices types added to the catalog (CRDs) without a watch on the catalog
        // itself, and timers on a clock that does not move by itself.
        var nextRetry = retries.Count == 0 ? 1000 : retries.Values.Min(r => r.Due) - Environment.TickCount64;
        var nextTimer = timers.IsEmpty ? 1000 : (long)Math.Ceiling((timers.Values.Min() - Context.Time.GetUtcNow()).TotalMilliseconds);
        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(nextRetry, nextTimer), 0, 1000));
        var waits = slots.Select(s => s.Watcher.Events.WaitToReadAsync(stop.Token).AsTask()).Append(Task.Delay(timeout, stop.Token)).Append(signal.Task).ToList();
        try { await Task.WhenAny(waits); }
        finally { await stop.CancelAsync(); }
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var wait in waits) _ = wait.Exception;
    }

    /// <summary>Starts a list-then-watch for each new type, restarts broken watches, stops watches of types gone from the catalog.</summary>
    private void SyncWatches()
    {
        var wanted = WatchedTypes().Where(t => !BuiltInResources.IsVirtual(t)).DistinctBy(t => t.GroupResource).ToList();
        var next = new List<WatchSlot>();
        foreach (var slot in slots)
        {
            var keep = wanted.Any(t => t.GroupResource == slot.Type.GroupResource) && !slot.Watcher.Events.Completion.IsCompleted;
            if (keep)
            {
                next.Add(slot);
            }
            else
            {
                // Deliver what is left before dropping a watch; a broken one is listed again below.
                while (slot.Watcher.Events.TryRead(out var change)) OnEvent(change, Enqueue);
                slot.Watcher.Dispose();
            }
        }
        foreach (var type in wanted.Where(t => next.All(s => s.Type.GroupResource != t.GroupResource)))
        {
            var (items, version) = Client.List(type, null);
            var watcher = Client.Watch(type, null, version);
            next.Add(new WatchSlot(type, watcher));
            foreach (var item in items) OnEvent(new WatchEvent(WatchEvent.Added, item), Enqueue);
        }
        slots = [.. next];
    }

    private sealed record WatchSlot(ResourceType Type, ObjectStore.Watcher Watcher);
}
