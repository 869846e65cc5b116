using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

public sealed partial class RestHandler
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private async Task CreateAsync(ApiContext context)
    {
        var r = context.Request;
        var obj = await ApiResponses.ReadObjectAsync(context.Http);
        var stored = await CreateObjectAsync(context, obj);
        await ApiResponses.WriteRawAsync(context.Http, stored.Json, HttpStatusCode.Created);
    }

    /// <summary>Defaults, admits and stores a new object (shared with server-side apply's create path).</summary>
    public async Task<StoredObject> CreateObjectAsync(ApiContext context, JsonObject obj)
    {
        var r = context.Request;
        CheckKind(r.Type, obj);
        var metadata = Meta.Of(obj);
        if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
            metadata["name"] = GenerateName(prefix);
        var name = Meta.Name(obj) ?? throw StatusException.Invalid(r.Type, "", ("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));
        Meta.ValidateName(r.Type, name);
        if (r.Type.Namespaced)
        {
            var ns = r.Namespace ?? throw StatusException.BadRequest("a namespace is required");
            if (Meta.Namespace(obj) is { } given && given != ns)
                throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            metadata["namespace"] = ns;
            var nsObject = state.Store.Get(BuiltInResources.Namespaces, "", ns) ?? throw StatusException.NotFound(BuiltInResources.Namespaces, ns);
            if (nsObject.View["metadata"]?["deletionTimestamp"] is not null)
                throw new StatusException(HttpStatusCode.Forbidden, "Forbidden",
                    $"{r.Type.Plural} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
        }
        else
        {
            metadata.Remove("namespace");
        }
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Meta.Timestamp(state.Time.GetUtcNow());
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        if (HasSpec(obj)) metadata["generation"] = 1;
        obj["apiVersion"] = r.Type.ApiVersion;
        obj["kind"] = r.Type.Kind;

        ValidateFields(context, obj);
        await AdmitAsync(context, AdmissionOperation.Create, obj, null);
        if (IsDryRun(context)) return new StoredObject(r.Type, r.Namespace ?? "", name, state.Store.ResourceVersion, StoredObject.Serialize(obj));
        return state.Store.Put(r.Type, r.Namespace ?? "", name, obj, current =>
        {
            if (current is not null) throw StatusException.AlreadyExists(r.Type, name);
        });
    }

    private async Task UpdateAsync(ApiContext context)
    {
        var r = context.Request;
        var obj = await ApiResponses.ReadObjectAsync(context.Http);
        if (Meta.Name(obj) is { } given && given != r.Name)
            throw StatusException.BadRequest($"the name of the object ({given}) does not match the name on the URL ({r.Name})");
        var current = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!);
        if (current is null)
        {
            // PUT to a missing object creates it (kubectl replace --force, and what create-on-update kinds allow).
            Meta.Of(obj)["name"] = r.Name;
            var created = await CreateObjectAsync(context, obj);
            await ApiResponses.WriteRawAsync(context.Http, created.Json, HttpStatusCode.Created);
            return;
        }
        var stored = await ReplaceObjectAsync(context, current, obj, Meta.ResourceVersion(obj));
        await ApiResponses.WriteRawAsync(context.Http, stored.Json);
    }

    /// <summary>
    /// Replaces <paramref name="current"/> with <paramref name="obj"/>: keeps the server-owned metadata, bumps the generation
    /// when the spec changed, keeps status (the main resource does not write it when the kind has a status subresource),
    /// admits, and stores with a resourceVersion precondition (409 Conflict when stale). Used by update and patch.
    /// </summary>
    public async Task<StoredObject> ReplaceObjectAsync(ApiContext context, StoredObject current, JsonObject obj, string? expectedVersion, string? subresource = null)
    {
        var r = context.Request;
        CheckKind(r.Type, obj);
        var old = current.ToJsonObject();
        var metadata = Meta.Of(obj);
        var oldMeta = Meta.Of(old);
        foreach (var owned in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            if (oldMeta[owned] is { } value) metadata[owned] = value.DeepClone();
            else metadata.Remove(owned);
        }
        metadata["name"] = current.Name;
        if (r.Type.Namespaced) metadata["namespace"] = current.Namespace;
        obj["apiVersion"] = r.Type.ApiVersion;
        obj["kind"] = r.Type.Kind;
        if (subresource == "status")
        {
            // /status changes status only.
            var status = obj["status"]?.DeepClone();
            obj = old;
            if (status is null) obj.Remove("status"); else obj["status"] = status;
            metadata = Meta.Of(obj);
        }
        else if (r.Type.Subresources.Contains("status"))
        {
            if (old["status"] is { } status) obj["status"] = status.DeepClone(); else obj.Remove("status");
        }
        if (HasSpec(obj) && !JsonNode.DeepEquals(obj["spec"], old["spec"]))
            metadata["generation"] = (oldMeta["generation"]?.GetValue<long>() ?? 1) + 1;

        ValidateFields(context, obj);
        await AdmitAsync(context, AdmissionOperation.Update, obj, old, subresource);
        if (IsDryRun(context)) return new StoredObject(r.Type, current.Namespace, current.Name, current.ResourceVersion, StoredObject.Serialize(obj));
        var stored = state.Store.Put(r.Type, current.Namespace, current.Name, obj, latest =>
        {
            if (latest is null) throw StatusException.NotFound(r.Type, current.Name);
            if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != latest.ResourceVersion.ToString(CultureInfo.InvariantCulture))
                throw StatusException.Conflict(r.Type, current.Name);
        });
        // An object being deleted goes once its last finalizer is removed.
        if (Meta.Of(obj)["deletionTimestamp"] is not null && Meta.Finalizers(obj).Count == 0)
            return state.Store.Remove(r.Type, current.Namespace, current.Name) ?? stored;
        return stored;
    }

    private async Task DeleteAsync(ApiContext context)
    {
        var r = context.Request;
        var options = await DeleteRequestOptions.ReadAsync(context.Http);
        var (result, status) = await DeleteObjectAsync(context, r.Namespace ?? "", r.Name!, options);
        await ApiResponses.WriteRawAsync(context.Http, result.Json, status);
    }

    /// <summary>
    /// Deletes an object: with finalizers it only gets a deletionTimestamp (202, it stays until they are gone);
    /// otherwise it is removed (200 with its last state).
    /// </summary>
    public Task<(StoredObject Result, HttpStatusCode Status)> DeleteObjectAsync(ApiContext context, string ns, string name) =>
        DeleteObjectAsync(context, ns, name, DeleteRequestOptions.None);

    /// <summary>
    /// Deletes an object with DeleteOptions: preconditions (409 Conflict), and the propagation policy, which for Foreground
    /// and Orphan adds the <c>foregroundDeletion</c>/<c>orphan</c> finalizer the garbage collector acts on.
    /// </summary>
    public async Task<(StoredObject Result, HttpStatusCode Status)> DeleteObjectAsync(ApiContext context, string ns, string name, DeleteRequestOptions options)
    {
        var r = context.Request;
        var current = state.Store.Get(r.Type, ns, name) ?? throw StatusException.NotFound(r.Type, name);
        options.Check(r.Type, current);
        var obj = current.ToJsonObject();
        await AdmitAsync(context, AdmissionOperation.Delete, obj, obj);
        if (IsDryRun(context)) return (current, HttpStatusCode.OK);
        var finalizers = Meta.Finalizers(obj).ToList();
        var added = options.Finalizer is { } f && !finalizers.Contains(f);
        if (added) finalizers.Add(options.Finalizer!);
        if (finalizers.Count > 0 || r.Type == BuiltInResources.Namespaces)
        {
            if (Meta.Of(obj)["deletionTimestamp"] is not null && !added) return (current, HttpStatusCode.Accepted);
            Meta.Of(obj)["deletionTimestamp"] ??= Meta.Timestamp(state.Time.GetUtcNow());
            Meta.Of(obj)["deletionGracePeriodSeconds"] ??= 0;
            if (finalizers.Count > 0) Meta.Of(obj)["finalizers"] = new JsonArray([.. finalizers.Select(x => (JsonNode)x)]);
            var marked = state.Store.Put(r.Type, ns, name, obj, latest =>
            {
                if (latest is null) throw StatusException.NotFound(r.Type, name);
                options.Check(r.Type, latest);
            });
            return (marked, HttpStatusCode.Accepted);
        }
        var gone = state.Store.Remove(r.Type, ns, name, latest => options.Check(r.Type, latest)) ?? throw StatusException.NotFound(r.Type, name);
        return (gone, HttpStatusCode.OK);
    }

    private async Task StatusSubresourceAsync(ApiContext context)
    {
        var r = context.Request;
        var current = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!) ?? throw StatusException.NotFound(r.Type, r.Name!);
        switch (r.Verb)
        {
            case "get":
                await ApiResponses.WriteRawAsync(context.Http, current.Json);
                return;
            case "update":
                var obj = await ApiResponses.ReadObjectAsync(context.Http);
                var stored = await ReplaceObjectAsync(context, current, obj, Meta.ResourceVersion(obj), "status");
                await ApiResponses.WriteRawAsync(context.Http, stored.Json);
                return;
            case "patch":
                await PatchAsync(context, "status");
                return;
            default:
                throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static void CheckKind(ResourceType type, JsonObject obj)
    {
        if (obj["kind"]?.GetValue<string>() is { } kind && kind != type.Kind)
            throw StatusException.BadRequest($"the API version in the data ({obj["apiVersion"]}) does not match the expected API version ({type.ApiVersion}) or kind {kind} is not {type.Kind}");
        if (obj["apiVersion"]?.GetValue<string>() is { } version && version != type.ApiVersion)
            throw StatusException.BadRequest($"the API version in the data ({version}) does not match the expected API version ({type.ApiVersion})");
    }

    private static bool HasSpec(JsonObject obj) => obj["spec"] is JsonObject;

    /// <summary>generateName: the prefix (cut to 58) plus 5 random characters from the API server's alphabet.</summary>
    public static string GenerateName(string prefix)
    {
        var head = prefix.Length > 58 ? prefix[..58] : prefix;
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++) suffix[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        return head + new string(suffix);
    }
}
