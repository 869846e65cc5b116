using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>Asking the authorizer chain the way the request pipeline does, for requests and for controllers' writes alike.</summary>
public static class RequestAuthorizerExtensions
{
    /// <summary>Throws 403 Forbidden (the API server's wording, with the authorizer's reason) unless <paramref name="user"/> may <paramref name="verb"/> the resource.</summary>
    public static void Demand(this IRequestAuthorizer authorizer, UserInfo user, string verb, ResourceType type, string? subresource, string? ns, string? name)
    {
        if (authorizer.Authorize(new RequestAttributes(user, verb, type.Group, type.Plural, subresource, ns, name)) is { } why)
            throw StatusException.Forbidden(user.Name, verb, type, string.IsNullOrEmpty(ns) ? null : ns, why);
    }
}
