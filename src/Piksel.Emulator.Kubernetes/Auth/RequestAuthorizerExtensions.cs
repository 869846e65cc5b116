using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>Asking the authorizer chain the way the request pipeline does, for requests and for controllers' writes alike.</summary>
public static class RequestAuthorizerExtensions
{
    /// <summary>Throws 403 Forbidden (the API server's wording, with the authorizer's reason) unless <paramref name="user"/> may <paramref name="verb"/> the resource.</summary>
    public static void Demand(this IRequestAuthorizer authorizer, UserInfo user, string verb, ResourceType type, string? subresource, string? ns, string? name)
    {
        var request = new RequestAttributes(user, verb, type.Group, type.Plural, subresource, string.IsNullOrEmpty(ns) ? null : ns, name);
        if (authorizer.Authorize(request) is { } why) throw AccessDenied.For(request, type.GroupResource, why);
    }

    /// <summary>Throws 403 Forbidden unless <paramref name="user"/> may <paramref name="verb"/> the non-resource <paramref name="path"/>.</summary>
    public static void DemandPath(this IRequestAuthorizer authorizer, UserInfo user, string verb, string path)
    {
        var request = RequestAttributes.NonResource(user, verb, path);
        if (authorizer.Authorize(request) is { } why) throw AccessDenied.For(request, "", why);
    }
}
