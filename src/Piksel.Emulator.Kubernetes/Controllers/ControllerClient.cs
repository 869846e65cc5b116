using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Rest.Patch;
using Piksel.Emulator.Kubernetes.Storage;
using Piksel.Emulator.Kubernetes.Tokens;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>The in-process client of one controller identity, over the server's <see cref="ObjectWriter"/>.</summary>
internal sealed class ControllerClient(ServerContext server, ObjectWriter writer, UserInfo user) : IControllerClient
{
    /// <summary>How often a patch is retried when a concurrent write wins (as the API server retries an unpinned patch).</summary>
    private const int PatchRetries = 5;

    /// <inheritdoc />
    public UserInfo User => user;

    /// <inheritdoc />
    public StoredObject? Get(ResourceType type, string ns, string name) => server.Store.Get(type, ns, name);

    /// <inheritdoc />
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceType type, string? ns) => server.Store.List(type, ns);

    /// <inheritdoc />
    public ObjectStore.Watcher Watch(ResourceType type, string? ns, long afterVersion) => server.Store.Watch(type, ns, afterVersion);

    /// <inheritdoc />
    public Task<StoredObject> CreateAsync(ResourceType type, string ns, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var request = Request(type, ns, Meta.Name(obj), cancellationToken);
        writer.Authorize(request, "create");
        return writer.CreateAsync(request, obj);
    }

    /// <inheritdoc />
    public async Task<StoredObject> UpdateAsync(StoredObject read, Action<JsonObject> change, string? subresource = null, CancellationToken cancellationToken = default)
    {
        var obj = read.ToJsonObject();
        change(obj);
        if (JsonNode.DeepEquals(obj, read.View)) return read;
        var request = Request(read.Type, read.Namespace, read.Name, cancellationToken);
        // The scheduler binds by creating a Binding (pods/binding); everything else is an update.
        writer.Authorize(request, subresource == "binding" ? "create" : "update", subresource);
        return await writer.ReplaceAsync(request, read, obj, read.VersionString(), subresource);
    }

    /// <inheritdoc />
    public async Task<StoredObject> PatchAsync(ResourceType type, string ns, string name, JsonObject mergePatch, string? subresource = null, CancellationToken cancellationToken = default)
    {
        var request = Request(type, ns, name, cancellationToken);
        writer.Authorize(request, "patch", subresource);
        for (var attempt = 0; ; attempt++)
        {
            var current = server.Store.Get(type, ns, name) ?? throw StatusException.NotFound(type, name);
            var patched = MergePatch.Apply(current.ToJsonObject(), mergePatch.DeepClone()) as JsonObject ?? throw StatusException.BadRequest("the patched object is not an object");
            try
            {
                return await writer.ReplaceAsync(request, current, patched, current.VersionString(), subresource);
            }
            catch (StatusException e) when (e.Reason == "Conflict" && attempt < PatchRetries)
            {
                // Someone else wrote in between: patch the newer object.
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(StoredObject read, string propagation = "Background", CancellationToken cancellationToken = default)
    {
        var request = Request(read.Type, read.Namespace, read.Name, cancellationToken);
        writer.Authorize(request, "delete");
        try
        {
            await writer.DeleteAsync(request, read.Namespace, read.Name, new DeleteRequestOptions(PreconditionUid: read.Uid(), PropagationPolicy: propagation));
            return true;
        }
        catch (StatusException e) when (e.Reason == "NotFound")
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<string> RequestTokenAsync(string ns, string serviceAccount, IReadOnlyList<string> audiences, CancellationToken cancellationToken = default)
    {
        var type = BuiltInResources.ServiceAccounts;
        writer.Authorize(Request(type, ns, serviceAccount, cancellationToken), "create", "token");
        var account = server.Store.Get(type, ns, serviceAccount) ?? throw StatusException.NotFound(type, serviceAccount);
        var claims = new ServiceAccountClaims(ns, new ObjectRef(serviceAccount, account.Uid()), audiences.Count > 0 ? audiences : server.Tokens.ApiAudiences,
            server.Time.GetUtcNow(), TokenRequestHandler.DefaultExpirationSeconds);
        return await server.Tokens.IssueAsync(claims);
    }

    private WriteRequest Request(ResourceType type, string ns, string? name, CancellationToken cancellationToken) =>
        new(type, type.Namespaced ? ns : null, name, user) { CancellationToken = cancellationToken };
}
