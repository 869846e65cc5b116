using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.State;

/// <summary>
/// The emulator's state: named tables of JSON-serialisable records, in memory, and, with a data directory,
/// made durable by a write-ahead journal. Every <see cref="Table{T}.Put"/> and <see cref="Table{T}.Remove"/>
/// is appended and flushed to disk (fsync) before it returns, so an acknowledged write survives a crash;
/// a torn last line from a crash in mid-write is dropped at the next start.
/// </summary>
public sealed class StateStore : IDisposable
{
    private const string JournalName = "journal.jsonl";
    private const string SnapshotName = "snapshot.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly string? directory;
    private readonly Lock writeLock = new();
    private readonly ConcurrentDictionary<string, ITable> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JsonNode>> pending = new(StringComparer.Ordinal);
    private FileStream? journal;
    private DataDirectoryLock? directoryLock;
    private int journalEntries;

    /// <summary>How many journal entries trigger a compaction (snapshot + fresh journal). 20,000 by default.</summary>
    internal int CompactAfterEntries { get; init; } = 20_000;

    private StateStore(string? directory)
    {
        this.directory = directory;
    }

    /// <summary>A store that lives in memory only.</summary>
    public static StateStore InMemory() => new(null);

    /// <summary>Opens (or creates) a durable store in <paramref name="directory"/>, replaying what was acknowledged before.</summary>
    public static StateStore Open(string directory) => Open(directory, 20_000);

    internal static StateStore Open(string directory, int compactAfterEntries)
    {
        Directory.CreateDirectory(directory);
        var held = DataDirectoryLock.Acquire(directory);
        try
        {
            var store = new StateStore(directory) { CompactAfterEntries = compactAfterEntries, directoryLock = held };
            store.Load();
            store.Compact();
            return store;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>True when writes reach disk.</summary>
    public bool IsDurable => directory is not null;

    /// <summary>The directory blobs and the journal live in, when durable.</summary>
    public string? DataDirectory => directory;

    /// <summary>The typed table called <paramref name="name"/>; one instance per name.</summary>
    public Table<T> Table<T>(string name) where T : class
    {
        var table = tables.GetOrAdd(name, n =>
        {
            lock (pending)
            {
                var t = new Table<T>(this, n);
                if (pending.Remove(n, out var raw))
                    foreach (var (key, node) in raw) t.LoadRaw(key, node.Deserialize<T>(Json)!);
                return t;
            }
        });
        return table as Table<T> ?? throw new InvalidOperationException($"Table '{name}' is already open with another record type ({table.GetType()}).");
    }

    /// <summary>
    /// Journals one write and applies it to memory (<paramref name="apply"/>) under the same lock, so a compaction,
    /// which snapshots memory and truncates the journal under that lock, can never drop a write that is in the journal
    /// but not yet in memory.
    /// </summary>
    internal void Append(string table, string key, object? value, Type type, Action apply)
    {
        if (directory is null)
        {
            apply();
            return;
        }
        var entry = new JsonObject
        {
            ["t"] = table,
            ["k"] = key,
            ["v"] = value is null ? null : JsonSerializer.SerializeToNode(value, type, Json),
        };
        var line = Encoding.UTF8.GetBytes(entry.ToJsonString() + "\n");
        lock (writeLock)
        {
            journal!.Write(line);
            journal.Flush(flushToDisk: true);
            apply();
            if (++journalEntries >= CompactAfterEntries) CompactLocked();
        }
    }

    private void Load()
    {
        var snapshot = Path.Combine(directory!, SnapshotName);
        if (File.Exists(snapshot))
        {
            var root = JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject();
            foreach (var (table, rows) in root)
            {
                foreach (var (key, value) in rows!.AsObject())
                    SetPending(table, key, value?.DeepClone());
            }
        }

        var journalPath = Path.Combine(directory!, JournalName);
        if (!File.Exists(journalPath)) return;
        foreach (var line in File.ReadLines(journalPath))
        {
            JsonObject? entry;
            try { entry = JsonNode.Parse(line)?.AsObject(); }
            catch (JsonException) { break; } // a torn write at the tail: the write in flight when the process died
            if (entry is null) break;
            SetPending(entry["t"]!.GetValue<string>(), entry["k"]!.GetValue<string>(), entry["v"]?.DeepClone());
        }
    }

    private void SetPending(string table, string key, JsonNode? value)
    {
        if (!pending.TryGetValue(table, out var rows)) pending[table] = rows = new(StringComparer.Ordinal);
        if (value is null) rows.Remove(key); else rows[key] = value;
    }

    /// <summary>Writes a snapshot of everything and starts an empty journal.</summary>
    public void Compact()
    {
        if (directory is null) return;
        lock (writeLock) CompactLocked();
    }

    private void CompactLocked()
    {
        var root = new JsonObject();
        lock (pending)
        {
            foreach (var (name, rows) in pending)
                root[name] = new JsonObject(rows.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value.DeepClone())));
        }
        foreach (var (name, table) in tables) root[name] = table.Snapshot();

        var tmp = Path.Combine(directory!, SnapshotName + ".tmp");
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(Encoding.UTF8.GetBytes(root.ToJsonString()));
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(directory!, SnapshotName), overwrite: true);
        journal?.Dispose();
        journal = new FileStream(Path.Combine(directory!, JournalName), FileMode.Create, FileAccess.Write, FileShare.Read);
        journal.Flush(flushToDisk: true);
        journalEntries = 0;
    }

    /// <summary>Closes the journal.</summary>
    public void Dispose()
    {
        lock (writeLock)
        {
            journal?.Dispose();
            journal = null;
            directoryLock?.Dispose();
            directoryLock = null;
        }
    }

    internal interface ITable
    {
        JsonObject Snapshot();
    }
}
