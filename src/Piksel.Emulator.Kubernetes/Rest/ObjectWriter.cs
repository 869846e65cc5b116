using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The one write path, shared by REST requests and controllers: server-owned metadata, field validation, admission
/// (mutating, then validating), optimistic concurrency (409 on a stale write) and the deletion rules (an object with
/// finalizers is only marked; it goes when the last one is removed).
/// </summary>
public sealed class ObjectWriter(ServerContext context, AdmissionChain admission, IRequestAuthorizer authorizer)
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Throws 403 unless the writer may <paramref name="verb"/> the request's resource (the REST pipeline asks before it gets here).</summary>
    /// <remarks>A create carries no name, as a POST to the collection does not: RBAC's resourceNames never match one.</remarks>
    public void Authorize(WriteRequest request, string verb, string? subresource = null) =>
        authorizer.Demand(request.User, verb, request.Type, subresource, request.Namespace, verb == "create" && subresource is null ? null : request.Name);

    /// <summary>Defaults, admits and stores a new object; 409 AlreadyExists when the name is taken.</summary>
    public async Task<StoredObject> CreateAsync(WriteRequest request, JsonObject obj)
    {
        var type = request.Type;
        CheckKind(type, obj);
        var metadata = Meta.Of(obj);
        if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
            metadata["name"] = GenerateName(prefix);
        var name = Meta.Name(obj) ?? throw StatusException.Invalid(type, "", ("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));
        Meta.ValidateName(type, name);
        if (type.Namespaced)
        {
            var ns = request.Namespace ?? throw StatusException.BadRequest("a namespace is required");
            if (Meta.Namespace(obj) is { } given && given != ns)
                throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            metadata["namespace"] = ns;
            var nsObject = context.Store.Get(BuiltInResources.Namespaces, "", ns) ?? throw StatusException.NotFound(BuiltInResources.Namespaces, ns);
            if (nsObject.View["metadata"]?["deletionTimestamp"] is not null)
            {
                throw new StatusException(HttpStatusCode.Forbidden, "Forbidden",
                    $"{type.Plural} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
            }
        }
        else
        {
            metadata.Remove("namespace");
        }
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Meta.Timestamp(context.Time.GetUtcNow());
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        if (HasSpec(obj)) metadata["generation"] = 1;
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;

        request.ValidateFields?.Invoke(obj);
        SecretStringData.Merge(type, obj);
        ObjectLimits.Check(type, obj);
        await AdmitAsync(request, AdmissionOperation.Create, obj, null);
        if (request.DryRun) return new StoredObject(type, request.Namespace ?? "", name, context.Store.ResourceVersion, StoredObject.Serialize(obj));
        return context.Store.Put(type, request.Namespace ?? "", name, obj, current =>
        {
            if (current is not null) throw StatusException.AlreadyExists(type, name);
        });
    }

    /// <summary>
    /// Replaces <paramref name="current"/> with <paramref name="obj"/>: keeps the server-owned metadata, admits, and stores
    /// with a resourceVersion precondition (409 Conflict when stale). What the write may change depends on
    /// <paramref name="subresource"/>: the main resource keeps status when the kind has a status subresource and bumps the
    /// generation when the spec changed; <c>status</c> changes status only, <c>finalize</c> spec.finalizers only and
    /// <c>binding</c> (the scheduler's) spec.nodeName and status. An object being deleted goes once nothing holds it.
    /// </summary>
    public async Task<StoredObject> ReplaceAsync(WriteRequest request, StoredObject current, JsonObject obj, string? expectedVersion, string? subresource = null)
    {
        var type = request.Type;
        CheckKind(type, obj);
        var old = current.ToJsonObject();
        var metadata = Meta.Of(obj);
        var oldMeta = Meta.Of(old);
        foreach (var owned in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            if (oldMeta[owned] is { } value) metadata[owned] = value.DeepClone();
            else metadata.Remove(owned);
        }
        metadata["name"] = current.Name;
        if (type.Namespaced) metadata["namespace"] = current.Namespace;
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        obj = Scope(type, obj, old, subresource);
        if (subresource is null && HasSpec(obj) && !JsonNode.DeepEquals(obj["spec"], old["spec"]))
            Meta.Of(obj)["generation"] = (oldMeta["generation"]?.GetValue<long>() ?? 1) + 1;

        request.ValidateFields?.Invoke(obj);
        SecretStringData.Merge(type, obj);
        ObjectLimits.Check(type, obj);
        await AdmitAsync(request, AdmissionOperation.Update, obj, old, subresource);
        if (request.DryRun) return new StoredObject(type, current.Namespace, current.Name, current.ResourceVersion, StoredObject.Serialize(obj));
        var stored = context.Store.Put(type, current.Namespace, current.Name, obj, latest =>
        {
            if (latest is null) throw StatusException.NotFound(type, current.Name);
            if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != latest.ResourceVersion.ToString(CultureInfo.InvariantCulture))
                throw StatusException.Conflict(type, current.Name);
        });
        if (Meta.Of(obj)["deletionTimestamp"] is not null && Finalized(type, obj))
            return context.Store.Remove(type, current.Namespace, current.Name) ?? stored;
        return stored;
    }

    /// <summary>What of <paramref name="obj"/> a write to <paramref name="subresource"/> takes; the rest stays as <paramref name="old"/> has it.</summary>
    private static JsonObject Scope(ResourceType type, JsonObject obj, JsonObject old, string? subresource)
    {
        switch (subresource)
        {
            case "status":
                Copy(obj, old, "status");
                return old;
            case "finalize":
                Copy(Spec(obj), Spec(old), "finalizers");
                return old;
            case "binding":
                Copy(obj, old, "status");
                Copy(Spec(obj), Spec(old), "nodeName");
                return old;
            default:
                // The main resource does not write status when the kind has a status subresource.
                if (type.Subresources.Contains("status")) Copy(old, obj, "status");
                return obj;
        }
    }

    private static JsonObject Spec(JsonObject obj) => obj["spec"] as JsonObject ?? (JsonObject)(obj["spec"] = new JsonObject());

    /// <summary>Sets <paramref name="field"/> of <paramref name="to"/> to that of <paramref name="from"/> (removed when <paramref name="from"/> has none).</summary>
    private static void Copy(JsonObject from, JsonObject to, string field)
    {
        if (from[field]?.DeepClone() is { } value) to[field] = value;
        else to.Remove(field);
    }

    /// <summary>
    /// Deletes an object with DeleteOptions: preconditions (409 Conflict), and the propagation policy, which for Foreground
    /// and Orphan adds the <c>foregroundDeletion</c>/<c>orphan</c> finalizer the garbage collector acts on. With finalizers
    /// (or, for a namespace, spec.finalizers) it only gets a deletionTimestamp (202, it stays until they are gone);
    /// otherwise it is removed (200 with its last state).
    /// </summary>
    public async Task<(StoredObject Result, HttpStatusCode Status)> DeleteAsync(WriteRequest request, string ns, string name, DeleteRequestOptions options)
    {
        var type = request.Type;
        var current = context.Store.Get(type, ns, name) ?? throw StatusException.NotFound(type, name);
        options.Check(type, current);
        var obj = current.ToJsonObject();
        await AdmitAsync(request with { Name = name }, AdmissionOperation.Delete, obj, obj);
        if (request.DryRun) return (current, HttpStatusCode.OK);
        var finalizers = Meta.Finalizers(obj).ToList();
        var added = options.Finalizer is { } f && !finalizers.Contains(f);
        if (added) finalizers.Add(options.Finalizer!);
        if (finalizers.Count > 0 || !Finalized(type, obj))
        {
            if (Meta.Of(obj)["deletionTimestamp"] is not null && !added) return (current, HttpStatusCode.Accepted);
            if (Meta.Of(obj)["deletionTimestamp"] is null)
            {
                // A pod on a node gets its grace period (the kubelet stops it then): deletionTimestamp is when it runs out.
                var grace = type == BuiltInResources.Pods ? PodGracePeriod(obj, options) : 0;
                Meta.Of(obj)["deletionTimestamp"] = Meta.Timestamp(context.Time.GetUtcNow().AddSeconds(grace));
                Meta.Of(obj)["deletionGracePeriodSeconds"] = grace;
            }
            if (finalizers.Count > 0) Meta.Of(obj)["finalizers"] = new JsonArray([.. finalizers.Select(x => (JsonNode)x)]);
            var marked = context.Store.Put(type, ns, name, obj, latest =>
            {
                if (latest is null) throw StatusException.NotFound(type, name);
                options.Check(type, latest);
            });
            return (marked, HttpStatusCode.Accepted);
        }
        var gone = context.Store.Remove(type, ns, name, latest => options.Check(type, latest)) ?? throw StatusException.NotFound(type, name);
        return (gone, HttpStatusCode.OK);
    }

    /// <summary>
    /// A pod's grace period (pod strategy CheckGracefulDelete): the request's, else spec.terminationGracePeriodSeconds, else
    /// 30; zero for a pod no node runs (unscheduled, or finished).
    /// </summary>
    private static long PodGracePeriod(JsonObject pod, DeleteRequestOptions options)
    {
        if (string.IsNullOrEmpty(pod["spec"]?["nodeName"]?.GetValue<string>())) return 0;
        if (pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed") return 0;
        var spec = pod["spec"]?["terminationGracePeriodSeconds"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : 30;
        return Math.Clamp(options.GracePeriodSeconds ?? spec, 0, 86400 * 365);
    }

    /// <summary>Runs the admission chain on one object.</summary>
    public Task AdmitAsync(WriteRequest request, AdmissionOperation operation, JsonObject obj, JsonObject? old, string? subresource = null)
    {
        var admitted = new AdmissionRequest(operation, request.Type, request.Namespace ?? "", Meta.Name(obj) ?? request.Name ?? "", obj, old, request.User, request.DryRun, subresource);
        if (request.Warn is { } warn) admitted = admitted with { Warn = warn };
        return admission.AdmitAsync(admitted, request.CancellationToken);
    }

    /// <summary>
    /// Nothing holds the object any more: no finalizers, and for a namespace no spec.finalizers either (the namespace
    /// controller's <c>kubernetes</c> finalizer keeps it until it is empty).
    /// </summary>
    private static bool Finalized(ResourceType type, JsonObject obj) =>
        Meta.Finalizers(obj).Count == 0 && (type != BuiltInResources.Namespaces || obj["spec"]?["finalizers"] is not JsonArray { Count: > 0 });

    /// <summary>400 when the body names another kind or version than the URL.</summary>
    public static void CheckKind(ResourceType type, JsonObject obj)
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
