using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// The record EKS would keep for clusters the harness does not make through EKS (their add-ons, Fargate profiles and
/// access entries), in one JSON file, <c>eks-records.json</c>, under the environment's state directory. The file is
/// created owner-only (0600, in a 0700 directory) and replaced atomically on every change, so a crash leaves the record
/// before or after a write, never half of one. Every read goes to the file: it is the state of record, as EKS is for the
/// EKS handlers. Safe for the engine's parallel handlers in one process (one lock; the file is a few KiB).
/// </summary>
public sealed class ClusterRecordStore
{
    /// <summary>The record file's name under the state directory.</summary>
    public const string FileName = "eks-records.json";

    /// <summary>The largest record file read (a platform records a few dozen resources, a few KiB).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    private readonly Lock gate = new();
    private readonly RecordFile file;

    /// <summary>A store keeping its file under <paramref name="stateDirectory"/> (created owner-only on the first write).</summary>
    public ClusterRecordStore(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        file = new RecordFile(Path.Combine(stateDirectory, FileName), MaxFileBytes, "The cluster record");
    }

    /// <summary>The record file's full path.</summary>
    public string FilePath => file.Path;

    /// <summary>The resource of <paramref name="kind"/> keyed <paramref name="key"/>, or null when none is recorded.</summary>
    public Task<RecordedResource?> FindAsync(string kind, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(Load()[kind]?[key] is JsonObject entry ? ToRecord(entry) : null);
        }
    }

    /// <summary>Every resource of <paramref name="kind"/>, by key.</summary>
    public Task<IReadOnlyDictionary<string, RecordedResource>> ListAsync(string kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyDictionary<string, RecordedResource> found = Load()[kind] is JsonObject entries
                ? entries.Where(e => e.Value is JsonObject).ToDictionary(e => e.Key, e => ToRecord((JsonObject)e.Value!), StringComparer.Ordinal)
                : new Dictionary<string, RecordedResource>(StringComparer.Ordinal);
            return Task.FromResult(found);
        }
    }

    /// <summary>Records <paramref name="resource"/> as the resource of <paramref name="kind"/> keyed <paramref name="key"/>.</summary>
    public Task PutAsync(string kind, string key, RecordedResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return ChangeAsync(root =>
        {
            if (root[kind] is not JsonObject entries)
            {
                root[kind] = entries = [];
            }

            entries[key] = new JsonObject
            {
                ["state"] = JsonNode.Parse(resource.State.GetRawText()),
                ["outputs"] = new JsonObject(resource.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)JsonValue.Create(o.Value)))),
            };
        }, cancellationToken);
    }

    /// <summary>Forgets the resources of <paramref name="kind"/> whose keys <paramref name="matches"/> answers true for; none is not an error.</summary>
    public Task RemoveAsync(string kind, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return ChangeAsync(root =>
        {
            if (root[kind] is JsonObject entries)
            {
                foreach (var key in entries.Select(e => e.Key).Where(matches).ToList())
                {
                    entries.Remove(key);
                }
            }
        }, cancellationToken);
    }

    // The file is small and local: read, change and replace it under the lock, synchronously.
    private Task ChangeAsync(Action<JsonObject> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var root = Load();
            change(root);
            file.Write(JsonSerializer.SerializeToUtf8Bytes(root, Indented));
        }

        return Task.CompletedTask;
    }

    private JsonObject Load() => file.Read(stream => JsonNode.Parse(stream) as JsonObject, []);

    private static RecordedResource ToRecord(JsonObject entry)
    {
        var state = JsonSerializer.SerializeToElement(entry["state"]);
        var outputs = entry["outputs"] is JsonObject o
            ? o.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new RecordedResource(state, outputs);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
