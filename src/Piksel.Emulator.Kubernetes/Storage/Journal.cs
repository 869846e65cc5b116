using System.Buffers;
using System.Text.Json;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The store's write-ahead journal: one JSON line per write, flushed to disk before the write is acknowledged,
/// and a snapshot that compaction rewrites (at start and whenever the journal has grown past the live data).
/// A torn last line (a crash mid-write) is dropped on replay; a damaged line before the end is refused. An object kept
/// encrypted at rest is a JSON string (its storage transformer's envelope, e.g. <c>k8s:enc:kms:v2:…</c>) where a plain
/// one is the object itself. The directory and its files are the owner's alone.
/// </summary>
internal sealed class Journal : IDisposable
{
    private const string JournalName = "objects.journal.jsonl";
    private const string SnapshotName = "objects.snapshot.jsonl";
    private readonly string directory;
    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private FileStream? stream;

    public Journal(string directory)
    {
        this.directory = directory;
        PrivateFiles.EnsureOwnDirectory(directory);
    }

    /// <summary>
    /// One journaled write: the object's state after it at <paramref name="ResourceVersion"/>, as plain JSON
    /// (<paramref name="Json"/>) or as its encrypted envelope (<paramref name="Envelope"/>); both null when it was removed.
    /// </summary>
    public sealed record Record(string GroupResource, string Namespace, string Name, long ResourceVersion, byte[]? Json, string? Envelope = null)
    {
        /// <summary>True when the write removed the object.</summary>
        public bool IsRemoval => Json is null && Envelope is null;
    }

    /// <summary>Records written since the last compaction.</summary>
    public long Appended { get; private set; }

    /// <summary>The snapshot, then the journal, in write order.</summary>
    public IEnumerable<Record> Replay()
    {
        foreach (var file in new[] { SnapshotName, JournalName })
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path)) continue;
            var bytes = File.ReadAllBytes(path);
            var start = 0;
            while (start < bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', start);
                var last = end < 0;
                var line = bytes.AsMemory(start, (last ? bytes.Length : end) - start);
                start = last ? bytes.Length : end + 1;
                if (line.Length == 0) continue;
                var record = Parse(line.Span);
                if (record is null)
                {
                    // Only the last line can be torn: it was never acknowledged. Anything earlier is damage.
                    if (last || bytes.AsSpan(start).Trim((byte)'\n').IsEmpty) break;
                    throw new InvalidDataException($"The object journal {path} is damaged before its last line; restore it from a backup or delete the data directory.");
                }
                yield return record;
            }
        }
    }

    private static Record? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            string? r = null, n = null, m = null;
            long? v = null;
            byte[]? o = null;
            string? e = null;
            var sawObject = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "r": r = reader.GetString(); break;
                    case "n": n = reader.GetString(); break;
                    case "m": m = reader.GetString(); break;
                    case "v": v = reader.GetInt64(); break;
                    case "o":
                        sawObject = true;
                        if (reader.TokenType == JsonTokenType.Null) break;
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            e = reader.GetString();
                            break;
                        }
                        // Keep the object's bytes exactly as stored: re-serialising would change their escaping.
                        var from = (int)reader.TokenStartIndex;
                        reader.Skip();
                        o = line[from..(int)reader.BytesConsumed].ToArray();
                        break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || r is null || n is null || m is null || v is null || !sawObject) return null;
            return new Record(r, n, m, v.Value, o, e);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes a fresh snapshot of <paramref name="records"/> and starts an empty journal.</summary>
    public void Compact(IEnumerable<Record> records, long resourceVersion)
    {
        var tmp = Path.Combine(directory, SnapshotName + ".tmp");
        using (var file = PrivateFiles.Open(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            // A marker line keeps the resourceVersion even when nothing is stored.
            WriteLine(file, new Record("", "", "", resourceVersion, null));
            foreach (var record in records) WriteLine(file, record);
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(directory, SnapshotName), overwrite: true);
        stream?.Dispose();
        stream = PrivateFiles.Open(Path.Combine(directory, JournalName), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 12);
        stream.Flush(flushToDisk: true);
        Appended = 0;
    }

    /// <summary>Appends one write and flushes it to disk.</summary>
    public void Append(Record record)
    {
        WriteLine(stream!, record);
        stream!.Flush(flushToDisk: true);
        Appended++;
    }

    private void WriteLine(Stream target, Record record)
    {
        var (groupResource, ns, name, version, json, envelope) = record;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = StoredObject.WireOptions.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("r", groupResource);
            writer.WriteString("n", ns);
            writer.WriteString("m", name);
            writer.WriteNumber("v", version);
            writer.WritePropertyName("o");
            if (envelope is not null) writer.WriteStringValue(envelope);
            else if (json is null) writer.WriteNullValue();
            else writer.WriteRawValue(json, skipInputValidation: true);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        target.Write(buffer.WrittenSpan);
    }

    public void Dispose() => stream?.Dispose();
}
