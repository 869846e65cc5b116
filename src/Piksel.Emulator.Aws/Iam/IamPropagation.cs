namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM's eventual consistency: a change to a role, user, managed policy or OIDC provider reaches STS, the authorizer and
/// other services (<see cref="IamStore.Effective"/>) only once the propagation delay has passed on the emulator's clock;
/// until then they see the version before (none, for a new role). IAM's own API reads its writes at once. With no delay
/// (the default) nothing is recorded and every reader sees every change at once.
/// </summary>
/// <param name="time">The emulator's clock.</param>
/// <param name="delay">The delay in force, asked at each write (fault rules may change it while the emulator runs).</param>
public sealed class IamPropagation(TimeProvider time, Func<TimeSpan> delay)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Table, string Key), List<Version>> pending = [];
    private int anyPending;

    /// <summary>No delay: every change is seen at once.</summary>
    public static IamPropagation Immediate { get; } = new(TimeProvider.System, () => TimeSpan.Zero);

    /// <summary>
    /// Runs <paramref name="write"/> (one of IAM's writes, which its write gate runs one at a time) and, while a delay is
    /// in force, records each entity it changed with the version readers keep seeing until the delay has passed.
    /// </summary>
    public T Track<T>(IamStore store, Func<T> write)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(write);
        var wait = delay();
        // With no delay, changes are still recorded while older ones are in flight, so they are not hidden behind those.
        if (wait <= TimeSpan.Zero && Volatile.Read(ref anyPending) == 0) return write();
        var before = Snapshot(store);
        try
        {
            return write();
        }
        finally
        {
            // A write that failed half way may still have changed a table: what changed propagates like any change.
            Record(before, Snapshot(store), time.GetUtcNow() + (wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
        }
    }

    /// <summary>The version of <paramref name="table"/>/<paramref name="key"/> the rest of AWS sees, given the <paramref name="current"/> one.</summary>
    public T? Visible<T>(string table, string key, T? current)
        where T : class
    {
        if (Volatile.Read(ref anyPending) == 0) return current;
        lock (gate)
        {
            if (!pending.TryGetValue((table, key), out var versions)) return current;
            var now = time.GetUtcNow();
            if (versions[^1].VisibleFrom <= now)
            {
                Forget((table, key));
                return current;
            }

            return (T?)versions.Last(v => v.VisibleFrom <= now).Value;
        }
    }

    private void Record(Dictionary<(string, string), object> before, Dictionary<(string, string), object> after, DateTimeOffset visibleFrom)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            foreach (var done in pending.Where(p => p.Value[^1].VisibleFrom <= now).Select(p => p.Key).ToList()) Forget(done);
            foreach (var key in before.Keys.Union(after.Keys))
            {
                var was = before.GetValueOrDefault(key);
                var changed = after.GetValueOrDefault(key);
                if (ReferenceEquals(was, changed)) continue;
                if (!pending.TryGetValue(key, out var versions))
                {
                    // Until the change arrives, readers see the entity as it was (or not at all).
                    versions = [new Version(was, DateTimeOffset.MinValue)];
                    pending[key] = versions;
                }

                versions.Add(new Version(changed, visibleFrom));
            }

            Volatile.Write(ref anyPending, pending.Count > 0 ? 1 : 0);
        }
    }

    private void Forget((string, string) key)
    {
        pending.Remove(key);
        Volatile.Write(ref anyPending, pending.Count > 0 ? 1 : 0);
    }

    private static Dictionary<(string, string), object> Snapshot(IamStore store)
    {
        var rows = new Dictionary<(string, string), object>();
        void Add<T>(State.Table<T> table)
            where T : class
        {
            foreach (var (key, value) in table.Items) rows[(table.Name, key)] = value;
        }

        Add(store.Roles);
        Add(store.Users);
        Add(store.Policies);
        Add(store.OidcProviders);
        return rows;
    }

    /// <summary>One version of an entity (null: absent) and when readers start to see it.</summary>
    private sealed record Version(object? Value, DateTimeOffset VisibleFrom);
}
