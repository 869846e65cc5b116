using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Piksel.Emulator.Aws.State;

/// <summary>
/// The emulator's state: named tables of JSON-serialisable records, in memory, and, with a data directory,
/// made durable by a write-ahead journal. Every <see cref="Table{T}.Put"/> and <see cref="Table{T}.Remove"/>
/// is appended and flushed to disk (fsync) before it returns, so an acknowledged write survives a crash;
/// a torn last line from a crash in mid-write is dropped at the next start. The directory and its files are the
/// owner's alone, and a record's <see cref="SealedAttribute"/> properties are sealed under the master key on disk.
/// </summary>
public sealed class StateStore : IDisposable
{
    private const string JournalName = "journal.jsonl";
    private const string SnapshotName = "snapshot.json";

    private readonly string? directory;
    private readonly MasterKey? masterKey;
    private readonly Lock writeLock = new();
    private readonly ConcurrentDictionary<string, ITable> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JsonNode>> pending = new(StringComparer.Ordinal);
    private FileStream? journal;
    private DataDirectoryLock? directoryLock;
    private int journalEntries;
    private int clearValuesRead;

    /// <summary>How many journal entries trigger a compaction (snapshot + fresh journal). 20,000 by default.</summary>
    internal int CompactAfterEntries { get; init; } = 20_000;

    private StateStore(string? directory, MasterKey? masterKey)
    {
        this.directory = directory;
        this.masterKey = masterKey;
        Json = JsonFor(this);
    }

    /// <summary>How records are written: the web defaults, with <see cref="SealedAttribute"/> properties sealed.</summary>
    internal JsonSerializerOptions Json { get; }

    /// <summary>A store that lives in memory only.</summary>
    public static StateStore InMemory() => new(null, null);

    /// <summary>
    /// Opens (or creates, owner-only) a durable store in <paramref name="directory"/>, replaying what was acknowledged
    /// before. Sealed values are sealed under the master key in <paramref name="masterKeyFile"/> (default:
    /// <c>PIKSEL_MASTER_KEY_FILE</c>, else <c>~/.local/share/piksel/master.key</c>), which must lie outside the directory.
    /// </summary>
    public static StateStore Open(string directory, string? masterKeyFile = null) => Open(directory, 20_000, masterKeyFile);

    internal static StateStore Open(string directory, int compactAfterEntries, string? masterKeyFile = null)
    {
        PrivateFiles.EnsureOwnDirectory(directory);
        var held = DataDirectoryLock.Acquire(directory);
        try
        {
            // What an older version wrote 0755/0644 (journals, blobs, clusters' keys) is the owner's alone from now on.
            PrivateFiles.TightenTree(directory);
            var store = new StateStore(directory, MasterKey.ForState(masterKeyFile, directory)) { CompactAfterEntries = compactAfterEntries, directoryLock = held };
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
        // A value an older version kept in clear was read: rewrite the state now, so it stays on disk sealed only.
        if (Interlocked.Exchange(ref clearValuesRead, 0) == 1) Compact();
        return table as Table<T> ?? throw new InvalidOperationException($"Table '{name}' is already open with another record type ({table.GetType()}).");
    }

    /// <summary>Seals a <see cref="SealedAttribute"/> value for disk (in memory only, nothing is written, and the value is kept as it is).</summary>
    internal string Seal(ReadOnlySpan<byte> value, string purpose) =>
        masterKey?.Seal(value, purpose) ?? Encoding.UTF8.GetString(value);

    /// <summary>Opens a sealed value; one an older version stored in clear is taken as it is and marks the state for rewriting.</summary>
    internal string OpenSealed(string text, string purpose)
    {
        if (masterKey is not null && MasterKey.IsSealed(text)) return Encoding.UTF8.GetString(masterKey.Open(text, purpose));
        Interlocked.Exchange(ref clearValuesRead, 1);
        return text;
    }

    private static JsonSerializerOptions JsonFor(StateStore store)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Kind != JsonTypeInfoKind.Object) return;
            foreach (var property in info.Properties)
            {
                if (property.PropertyType == typeof(string) && property.AttributeProvider?.IsDefined(typeof(SealedAttribute), inherit: false) == true)
                    property.CustomConverter = new SealedStringConverter(store, $"aws-state/{info.Type.Name}.{property.Name}");
            }
        });
        return new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false, TypeInfoResolver = resolver };
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
        using (var file = PrivateFiles.Open(tmp, FileMode.Create, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(root.ToJsonString()));
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(directory!, SnapshotName), overwrite: true);
        journal?.Dispose();
        journal = PrivateFiles.Open(Path.Combine(directory!, JournalName), FileMode.Create, FileAccess.Write, FileShare.Read);
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
