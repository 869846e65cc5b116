using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The generic REST semantics every stored kind shares: get, list, watch, create, update, patch, delete and
/// deletecollection, with admission before every write. Split by concern into partial files.
/// </summary>
public sealed partial class RestHandler(ApiServerState state)
{
    /// <summary>Serves one resource request.</summary>
    public Task HandleAsync(ApiContext context)
    {
        var request = context.Request;
        if (request.Subresource is { } sub)
        {
            if (state.Subresources.TryGetValue($"{request.Type.GroupResource}/{sub}", out var handler)) return handler(context);
            if (sub == "status" && request.Type.Subresources.Contains("status")) return StatusSubresourceAsync(context);
            throw new StatusException(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
        }
        if (BuiltInResources.IsVirtual(request.Type) || state.VirtualResources.ContainsKey(request.Type.GroupResource))
        {
            if (request.Verb != "create" || !state.VirtualResources.TryGetValue(request.Type.GroupResource, out var create))
                throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource");
            return create(context);
        }
        if (!request.Type.Verbs.Contains(request.Verb) && !(request.Verb == "watch" && request.Type.Verbs.Contains("list")))
            throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        return request.Verb switch
        {
            "get" => GetAsync(context),
            "list" => ListAsync(context),
            "watch" => WatchAsync(context),
            "create" => CreateAsync(context),
            "update" => UpdateAsync(context),
            "patch" => PatchAsync(context),
            "delete" => DeleteAsync(context),
            "deletecollection" => DeleteCollectionAsync(context),
            _ => throw StatusException.MethodNotAllowed($"verb {request.Verb} is not supported"),
        };
    }

    /// <summary>True when the request asks for a dry run (<c>dryRun=All</c>): everything happens but the write.</summary>
    public static bool IsDryRun(ApiContext context) => context.Http.Request.Query["dryRun"].ToString() == "All";

    /// <summary>Runs the mutating, then the validating admission plugins.</summary>
    public async Task AdmitAsync(ApiContext context, AdmissionOperation operation, JsonObject obj, JsonObject? old, string? subresource = null)
    {
        var request = context.Request;
        var admission = new AdmissionRequest(operation, request.Type, request.Namespace ?? "", Meta.Name(obj) ?? request.Name ?? "", obj, old, context.User, IsDryRun(context), subresource);
        foreach (var plugin in state.Admission.Where(p => p.Mutating)) await plugin.AdmitAsync(admission, context.CancellationToken);
        foreach (var plugin in state.Admission.Where(p => !p.Mutating)) await plugin.AdmitAsync(admission, context.CancellationToken);
    }
}
