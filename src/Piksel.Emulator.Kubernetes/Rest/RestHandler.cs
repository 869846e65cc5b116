using System.Net;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The generic REST semantics every stored kind shares — get, list, watch, create, update, patch, delete and
/// deletecollection, and <c>/status</c> — dispatched to one collaborator per concern over the request's
/// <see cref="ApiContext"/>; every write goes through the server's <see cref="ObjectWriter"/>.
/// </summary>
public sealed class RestHandler
{
    private readonly ApiServerState state;
    private readonly ReadHandler reads;
    private readonly WriteHandler writes;
    private readonly PatchHandler patches;
    private readonly WatchHandler watches;

    /// <summary>A handler for the server of <paramref name="state"/>.</summary>
    public RestHandler(ApiServerState state)
    {
        this.state = state;
        reads = new ReadHandler(state);
        writes = new WriteHandler(state, reads);
        patches = new PatchHandler(state);
        watches = new WatchHandler(state);
    }

    /// <summary>Serves one resource request.</summary>
    public Task HandleAsync(ApiContext context)
    {
        var request = context.Request;
        // A patch's options are checked once its media type is known to be one it may use.
        if (request.Verb != "patch") RequestOptions.Validate(context.Http, request.Verb);
        // A deprecated custom resource version warns on every request to it, as apiextensions-apiserver does.
        if (request.Type.Custom?.DeprecationWarning is { } deprecated) WarningHeaders.Add(context.Http, deprecated);
        if (request.Subresource is { } sub)
        {
            if (state.Subresources.TryGetValue($"{request.Type.GroupResource}/{sub}", out var handler)) return handler(context);
            if (sub == "status" && request.Type.Subresources.Contains("status")) return StatusAsync(context);
            if (sub == "scale" && (request.Type.Custom?.Scale ?? BuiltInScale.For(request.Type)) is { } scale) return Crds.CustomResourceScale.HandleAsync(context, scale);
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
            "get" => reads.GetAsync(context),
            "list" => reads.ListAsync(context),
            "watch" => watches.WatchAsync(context),
            "create" => writes.CreateAsync(context),
            "update" => writes.UpdateAsync(context),
            "patch" => patches.PatchAsync(context),
            "delete" => writes.DeleteAsync(context),
            "deletecollection" => writes.DeleteCollectionAsync(context),
            _ => throw StatusException.MethodNotAllowed($"verb {request.Verb} is not supported"),
        };
    }

    private Task StatusAsync(ApiContext context)
    {
        var r = context.Request;
        var current = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!) ?? throw StatusException.NotFound(r.Type, r.Name!);
        return r.Verb switch
        {
            "get" => ApiResponses.WriteRawAsync(context.Http, current.Json),
            "update" => writes.UpdateStatusAsync(context, current),
            "patch" => patches.PatchAsync(context, "status"),
            _ => throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource"),
        };
    }
}
