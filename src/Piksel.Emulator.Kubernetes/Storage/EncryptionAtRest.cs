using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The store's side of encryption at rest (<see cref="IStorageTransformer"/>): the envelope each object of a covered
/// resource is kept as, the envelopes that could not be opened at start (kept as they were, never dropped, until the
/// transformer can open them), and the checks that make a write or read of such an object fail as the API server's
/// does when its KMS plugin cannot encrypt or decrypt: 500 InternalError. Used under the store's lock.
/// </summary>
internal sealed class EncryptionAtRest(IStorageTransformer? transformer)
{
    private readonly Dictionary<string, string> envelopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Journal.Record>> unopened = new(StringComparer.Ordinal);

    /// <summary>True when objects of <paramref name="groupResource"/> are encrypted at rest.</summary>
    public bool Covers(string groupResource) => transformer?.Covers(groupResource) == true;

    /// <summary>The etcd key of an object, which the real transformers bind as authenticated data: <c>/registry/secrets/ns/name</c>.</summary>
    public static string StorageKey(string groupResource, string ns, string name)
    {
        var dot = groupResource.IndexOf('.', StringComparison.Ordinal);
        var path = dot < 0 ? groupResource : $"{groupResource[(dot + 1)..]}/{groupResource[..dot]}";
        return ns.Length == 0 ? $"/registry/{path}/{name}" : $"/registry/{path}/{ns}/{name}";
    }

    /// <summary>The envelope to store for an object of a covered resource (null when not covered); the write fails when it cannot be made.</summary>
    public string? Protect(string groupResource, string ns, string name, byte[] json)
    {
        if (!Covers(groupResource)) return null;
        string envelope;
        try
        {
            envelope = transformer!.TransformToStorage(json, StorageKey(groupResource, ns, name));
        }
        catch (StorageTransformException e)
        {
            throw InternalError(e.Message);
        }
        envelopes[Id(groupResource, ns, name)] = envelope;
        return envelope;
    }

    /// <summary>Forgets the envelope of a removed object.</summary>
    public void Forget(string groupResource, string ns, string name) => envelopes.Remove(Id(groupResource, ns, name));

    /// <summary>
    /// The object's JSON in a replayed <paramref name="record"/>: null when it removed the object, or when its envelope
    /// cannot be opened now — then the record is kept to be written back as it was and opened later.
    /// </summary>
    public byte[]? Replay(Journal.Record record)
    {
        var (groupResource, ns, name) = (record.GroupResource, record.Namespace, record.Name);
        if (unopened.TryGetValue(groupResource, out var waiting)) waiting.Remove(Key(ns, name));
        if (record.Envelope is null)
        {
            Forget(groupResource, ns, name);
            return record.Json;
        }
        if (transformer is not null)
        {
            try
            {
                var json = transformer.TransformFromStorage(record.Envelope, StorageKey(groupResource, ns, name));
                envelopes[Id(groupResource, ns, name)] = record.Envelope;
                return json;
            }
            catch (StorageTransformException)
            {
                // Kept below: a disabled key at start must not lose the objects it sealed.
            }
        }
        Forget(groupResource, ns, name);
        if (!unopened.TryGetValue(groupResource, out waiting)) unopened[groupResource] = waiting = new(StringComparer.Ordinal);
        waiting[Key(ns, name)] = record;
        return null;
    }

    /// <summary>
    /// Opens what could not be opened at start, handing each object to <paramref name="restore"/>; throws InternalError
    /// while one still cannot be opened (a disabled KMS key makes every read and write of the resource fail, as on EKS).
    /// </summary>
    public void OpenWaiting(string groupResource, Action<Journal.Record, byte[]> restore)
    {
        if (!unopened.TryGetValue(groupResource, out var waiting) || waiting.Count == 0) return;
        foreach (var (key, record) in waiting.ToList())
        {
            var storageKey = StorageKey(groupResource, record.Namespace, record.Name);
            if (transformer is null) throw InternalError($"unable to transform key \"{storageKey}\": no storage transformer is configured for {groupResource}");
            byte[] json;
            try
            {
                json = transformer.TransformFromStorage(record.Envelope!, storageKey);
            }
            catch (StorageTransformException e)
            {
                throw InternalError($"unable to transform key \"{storageKey}\": {e.Message}");
            }
            waiting.Remove(key);
            envelopes[Id(groupResource, record.Namespace, record.Name)] = record.Envelope!;
            restore(record, json);
        }
    }

    /// <summary>
    /// Reads <paramref name="objects"/> back through the transformer, as every read from etcd is: InternalError when one
    /// does not open now. A single object's failure is the transformer's message; a list's names the key.
    /// </summary>
    public void EnsureReadable(IEnumerable<StoredObject> objects, bool listing)
    {
        foreach (var o in objects)
        {
            if (!envelopes.TryGetValue(Id(o.Type.GroupResource, o.Namespace, o.Name), out var envelope)) continue;
            var storageKey = StorageKey(o.Type.GroupResource, o.Namespace, o.Name);
            try
            {
                transformer!.TransformFromStorage(envelope, storageKey);
            }
            catch (StorageTransformException e)
            {
                throw InternalError(listing ? $"unable to transform key \"{storageKey}\": {e.Message}" : e.Message);
            }
        }
    }

    /// <summary>
    /// What a compaction writes: each object as its envelope when its resource is covered (one an older version kept in
    /// clear is encrypted now, when the transformer can), else plain; then what is still waiting to be opened, as it was.
    /// </summary>
    public IEnumerable<Journal.Record> Records(IEnumerable<StoredObject> objects)
    {
        foreach (var o in objects)
        {
            var id = Id(o.Type.GroupResource, o.Namespace, o.Name);
            if (!envelopes.TryGetValue(id, out var envelope) && Covers(o.Type.GroupResource))
            {
                try
                {
                    envelopes[id] = envelope = transformer!.TransformToStorage(o.Json, StorageKey(o.Type.GroupResource, o.Namespace, o.Name));
                }
                catch (StorageTransformException)
                {
                    envelope = null; // stays as it was on disk; encrypted at the next compaction the transformer can serve
                }
            }
            yield return new Journal.Record(o.Type.GroupResource, o.Namespace, o.Name, o.ResourceVersion, envelope is null ? o.Json : null, envelope);
        }
        foreach (var record in unopened.Values.SelectMany(w => w.Values)) yield return record;
    }

    /// <summary>kube-apiserver's answer when storage fails: 500 InternalError with the cause (apimachinery's errors.NewInternalError).</summary>
    private static StatusException InternalError(string cause) =>
        new(HttpStatusCode.InternalServerError, "InternalError", $"Internal error occurred: {cause}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = cause }) });

    private static string Key(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    private static string Id(string groupResource, string ns, string name) => groupResource + "\0" + Key(ns, name);
}
