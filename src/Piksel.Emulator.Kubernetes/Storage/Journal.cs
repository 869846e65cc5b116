using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The store's write-ahead journal: one JSON line per write, flushed to disk before the write is acknowledged;
/// a snapshot at start compacts it. A torn last line (a crash mid-write) is dropped on replay.
/// </summary>
internal sealed class Journal : IDisposable
{
    private const string JournalName = "objects.journal.jsonl";
    private const string SnapshotName = "objects.snapshot.jsonl";
    private readonly string directory;
    private FileStream? stream;

    public Journal(string directory)
    {
        this.directory = directory;
        Directory.CreateDirectory(directory);
    }

    public sealed record Record(string GroupResource, string Namespace, string Name, long ResourceVersion, byte[]? Json);

    public IEnumerable<Record> Replay()
    {
        foreach (var file in new[] { SnapshotName, JournalName })
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path)) continue;
            foreach (var line in File.ReadLines(path))
            {
                JsonObject? entry;
                try { entry = JsonNode.Parse(line) as JsonObject; }
                catch (JsonException) { break; }
                if (entry is null) break;
                var obj = entry["o"];
                yield return new Record(entry["r"]!.GetValue<string>(), entry["n"]!.GetValue<string>(), entry["m"]!.GetValue<string>(),
                    entry["v"]!.GetValue<long>(), obj is null ? null : JsonSerializer.SerializeToUtf8Bytes(obj));
            }
        }
    }

    public void Compact(IEnumerable<StoredObject> objects, long resourceVersion)
    {
        var tmp = Path.Combine(directory, SnapshotName + ".tmp");
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            // A marker line keeps the resourceVersion even when nothing is stored.
            file.Write(Line("", "", "", resourceVersion, null));
            foreach (var o in objects) file.Write(Line(o.Type.GroupResource, o.Namespace, o.Name, o.ResourceVersion, o.Json));
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(directory, SnapshotName), overwrite: true);
        stream?.Dispose();
        stream = new FileStream(Path.Combine(directory, JournalName), FileMode.Create, FileAccess.Write, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    public void Append(string groupResource, string ns, string name, long version, byte[]? json)
    {
        stream!.Write(Line(groupResource, ns, name, version, json));
        stream.Flush(flushToDisk: true);
    }

    private static byte[] Line(string groupResource, string ns, string name, long version, byte[]? json)
    {
        var head = JsonSerializer.Serialize(new { r = groupResource, n = ns, m = name, v = version });
        var text = json is null ? head[..^1] + ",\"o\":null}\n" : head[..^1] + ",\"o\":" + Encoding.UTF8.GetString(json) + "}\n";
        return Encoding.UTF8.GetBytes(text);
    }

    public void Dispose() => stream?.Dispose();
}
