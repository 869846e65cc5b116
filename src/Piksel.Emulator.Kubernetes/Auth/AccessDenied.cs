using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>
/// The 403 Forbidden Status of a refused request, in kube-apiserver's words (apiserver
/// <c>pkg/endpoints/handlers/responsewriters/errors.go</c> and apimachinery's <c>NewForbidden</c>):
/// <c>pods "web" is forbidden: User "u" cannot get resource "pods/log" in API group "" in the namespace "ns"</c>, or
/// <c>forbidden: User "u" cannot get path "/metrics"</c>.
/// </summary>
public static class AccessDenied
{
    /// <summary>The Status for <paramref name="request"/> on <paramref name="groupResource"/> (<c>pods</c>, <c>deployments.apps</c>), with the authorizer's <paramref name="reason"/> when it gave one.</summary>
    public static StatusException For(RequestAttributes request, string groupResource, string reason = "")
    {
        var message = Message(request);
        if (reason.Length > 0) message += ": " + reason;
        if (request.Path is not null) return Forbidden("", "", null, message);
        return Forbidden(groupResource, request.Group, request.Name, message);
    }

    /// <summary><c>User "u" cannot get resource "pods" in API group "" at the cluster scope</c>.</summary>
    public static string Message(RequestAttributes request)
    {
        var user = request.User.Name;
        if (request.Path is { } path) return $"User \"{user}\" cannot {request.Verb} path \"{path}\"";
        var resource = string.IsNullOrEmpty(request.Subresource) ? request.Resource : request.Resource + "/" + request.Subresource;
        return string.IsNullOrEmpty(request.Namespace)
            ? $"User \"{user}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" at the cluster scope"
            : $"User \"{user}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" in the namespace \"{request.Namespace}\"";
    }

    /// <summary>apimachinery's <c>NewForbidden(groupResource, name, err)</c>.</summary>
    public static StatusException Forbidden(string groupResource, string group, string? name, string message)
    {
        var text = groupResource.Length == 0 ? $"forbidden: {message}"
            : string.IsNullOrEmpty(name) ? $"{groupResource} is forbidden: {message}"
            : $"{groupResource} \"{name}\" is forbidden: {message}";
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name)) details["name"] = name;
        if (group.Length > 0) details["group"] = group;
        if (groupResource.Length > 0) details["kind"] = groupResource.Split('.')[0];
        return new StatusException(HttpStatusCode.Forbidden, "Forbidden", text, details);
    }
}
