using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

// Patches (JSON patch, merge patch, strategic merge patch, server-side apply) and deletecollection.
public sealed partial class RestHandler
{
    private Task PatchAsync(ApiContext context, string? subresource = null) =>
        throw StatusException.UnsupportedMediaType(context.Http.Request.ContentType ?? "");

    private Task DeleteCollectionAsync(ApiContext context) =>
        throw StatusException.MethodNotAllowed("deletecollection is not supported yet");
}
