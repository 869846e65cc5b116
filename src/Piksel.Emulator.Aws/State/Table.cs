using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.State;

/// <summary>
/// One named table of records keyed by string. Reads are lock-free; writes are journaled before they are visible
/// to the caller's acknowledgement. Records should be immutable (<c>record</c> + <c>with</c>).
/// </summary>
public sealed class Table<T> : StateStore.ITable where T : class
{
    private readonly StateStore store;
    private readonly ConcurrentDictionary<string, T> rows = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    internal Table(StateStore store, string name)
    {
        this.store = store;
        Name = name;
    }

    /// <summary>The table's name in the journal.</summary>
    public string Name { get; }

    /// <summary>Number of records.</summary>
    public int Count => rows.Count;

    /// <summary>All records (a moment's view; safe to enumerate while others write).</summary>
    public IEnumerable<KeyValuePair<string, T>> Items => rows;

    /// <summary>All values.</summary>
    public IEnumerable<T> Values => rows.Values;

    /// <summary>Finds a record.</summary>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => rows.TryGetValue(key, out value);

    /// <summary>The record at <paramref name="key"/>, or null.</summary>
    public T? Find(string key) => rows.TryGetValue(key, out var value) ? value : null;

    /// <summary>Stores a record durably.</summary>
    public void Put(string key, T value)
    {
        lock (gate)
        {
            store.Append(Name, key, value, typeof(T), () => rows[key] = value);
        }
    }

    /// <summary>Stores <paramref name="value"/> only if <paramref name="key"/> is free; false when it is taken.</summary>
    public bool TryAdd(string key, T value)
    {
        lock (gate)
        {
            if (rows.ContainsKey(key)) return false;
            store.Append(Name, key, value, typeof(T), () => rows[key] = value);
            return true;
        }
    }

    /// <summary>
    /// Reads, changes and writes one record atomically with respect to other writers of this table.
    /// <paramref name="update"/> gets the current record (null when absent) and returns the new one (null removes it).
    /// </summary>
    public T? Update(string key, Func<T?, T?> update)
    {
        lock (gate)
        {
            rows.TryGetValue(key, out var current);
            var next = update(current);
            if (ReferenceEquals(next, current)) return next;
            store.Append(Name, key, next, typeof(T), () =>
            {
                if (next is null) rows.TryRemove(key, out _); else rows[key] = next;
            });
            return next;
        }
    }

    /// <summary>Removes a record durably; false when there was none.</summary>
    public bool Remove(string key)
    {
        lock (gate)
        {
            if (!rows.ContainsKey(key)) return false;
            store.Append(Name, key, null, typeof(T), () => rows.TryRemove(key, out _));
            return true;
        }
    }

    internal void LoadRaw(string key, T value) => rows[key] = value;

    JsonObject StateStore.ITable.Snapshot() =>
        new(rows.Select(r => KeyValuePair.Create(r.Key, JsonSerializer.SerializeToNode(r.Value, store.Json))));
}
