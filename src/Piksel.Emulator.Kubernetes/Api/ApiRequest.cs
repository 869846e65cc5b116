namespace Piksel.Emulator.Kubernetes.Api;

/// <summary>A parsed resource path and verb: <c>/apis/apps/v1/namespaces/ns/deployments/name/status</c>.</summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection.</param>
/// <param name="Namespace">The namespace ("" for cluster-scoped kinds, null for a cross-namespace list/watch).</param>
public sealed record ApiRequest(string Verb, ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Parses a resource path; null when the path is not a resource path of a served type. Throws 404 for unknown resources under a served group-version.</summary>
    public static ApiRequest? Parse(string method, string path, Microsoft.AspNetCore.Http.IQueryCollection query, ResourceCatalog catalog)
    {
        var segments = path.Trim('/').Split('/');
        int at;
        string group, version;
        if (segments.Length >= 3 && segments[0] == "api") { group = ""; version = segments[1]; at = 2; }
        else if (segments.Length >= 4 && segments[0] == "apis") { group = segments[1]; version = segments[2]; at = 3; }
        else
        {
            return null;
        }

        string? ns = null;
        var rest = segments[at..];
        if (rest.Length >= 3 && rest[0] == "namespaces" && catalog.Find(group, version, rest[2]) is { Namespaced: true })
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var type = catalog.Find(group, version, rest[0]);
        if (type is null) return null;
        if (type.Namespaced && ns is null && rest.Length > 1)
            return null; // a namespaced object needs its namespace in the path
        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? string.Join('/', rest[2..]) : null;
        var watch = Rest.RequestOptions.Boolean(query, "watch") ?? false;
        var verb = method switch
        {
            "GET" when name is null => watch ? "watch" : "list",
            "GET" => watch ? "watch" : "get",
            "POST" when name is null => "create",
            "POST" => "create", // subresource creates (serviceaccounts/token)
            // A collection has no update or patch route: 405, as for any verb the path does not serve.
            "PUT" or "PATCH" when name is null => throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource"),
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource"),
        };
        return new ApiRequest(verb, type, type.Namespaced ? ns : "", name, sub);
    }
}
