using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// A controller's in-process client. Reads and watches go straight to the store; every write is authorized for
/// <see cref="User"/> and runs the write path a REST request runs (server-owned metadata, admission in the declared
/// order, optimistic concurrency, the deletion and finalizer rules), failing with the same <see cref="StatusException"/>s.
/// </summary>
public interface IControllerClient
{
    /// <summary>Who the writes are from.</summary>
    UserInfo User { get; }

    /// <summary>The object, or null.</summary>
    StoredObject? Get(ResourceType type, string ns, string name);

    /// <summary>The objects of a type (in one namespace, or all when <paramref name="ns"/> is null) and the list's version.</summary>
    (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceType type, string? ns);

    /// <summary>The changes after <paramref name="afterVersion"/>.</summary>
    ObjectStore.Watcher Watch(ResourceType type, string? ns, long afterVersion);

    /// <summary>Creates <paramref name="obj"/> in <paramref name="ns"/> ("" for cluster-scoped kinds); 409 AlreadyExists when the name is taken.</summary>
    Task<StoredObject> CreateAsync(ResourceType type, string ns, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of <paramref name="read"/> and, when that changed anything, writes it to the
    /// main resource or to <paramref name="subresource"/> (<c>status</c>, <c>finalize</c>, <c>binding</c>); 409 Conflict when
    /// the object moved on since it was read. Returns what was stored (<paramref name="read"/> when nothing changed; the last
    /// state when the write removed the last finalizer of an object being deleted).
    /// </summary>
    Task<StoredObject> UpdateAsync(StoredObject read, Action<JsonObject> change, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>Merge-patches the current object (retried on a concurrent write, as the API server retries an unpinned patch).</summary>
    Task<StoredObject> PatchAsync(ResourceType type, string ns, string name, JsonObject mergePatch, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes <paramref name="read"/> (only that object: a namesake created since is left alone, 409) as a DELETE with
    /// <paramref name="propagation"/> would: with finalizers it is only marked. False when it was already gone.
    /// </summary>
    Task<bool> DeleteAsync(StoredObject read, string propagation = "Background", CancellationToken cancellationToken = default);

    /// <summary>A token for a service account (<c>serviceaccounts/token</c>): one hour, for <paramref name="audiences"/> (default: the API server's).</summary>
    Task<string> RequestTokenAsync(string ns, string serviceAccount, IReadOnlyList<string> audiences, CancellationToken cancellationToken = default);
}
