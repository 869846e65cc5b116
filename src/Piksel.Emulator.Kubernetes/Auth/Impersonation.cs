using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Tokens;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>
/// The impersonation filter (apiserver <c>pkg/endpoints/filters/impersonation.go</c>): <c>Impersonate-User</c>,
/// <c>Impersonate-Group</c> (repeatable), <c>Impersonate-Uid</c> and <c>Impersonate-Extra-&lt;key&gt;</c>, as
/// <c>kubectl --as</c> and <c>--as-group</c> send them. Each is authorized as the verb <c>impersonate</c> on users (or
/// the service account), groups, uids or userextras; the request then runs as the impersonated user, who is in
/// <c>system:authenticated</c> (and a service account in its groups unless groups were given).
/// </summary>
public static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";
    private const string AuthenticationGroup = "authentication.k8s.io";

    /// <summary>The user the request acts as: <paramref name="user"/> itself without impersonation headers; 400 or 403 when they are malformed or not allowed.</summary>
    public static UserInfo Apply(HttpContext http, UserInfo user, IRequestAuthorizer authorizer)
    {
        var headers = http.Request.Headers;
        var extraKeys = headers.Keys.Where(k => k.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (!headers.ContainsKey(UserHeader) && !headers.ContainsKey(GroupHeader) && !headers.ContainsKey(UidHeader) && extraKeys.Count == 0) return user;

        var username = headers[UserHeader].ToString();
        var groups = headers[GroupHeader].Where(g => g is not null).Select(g => g!).ToList();
        var uid = headers[UidHeader].ToString();
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var key in extraKeys)
            extra[Uri.UnescapeDataString(key[ExtraPrefix.Length..]).ToLowerInvariant()] = [.. headers[key].Where(v => v is not null).Select(v => v!)];

        if (username.Length == 0)
        {
            var requested = groups.Select(g => $"{{Group  {g}  {AuthenticationGroup}/v1  }}")
                .Concat(extra.SelectMany(e => e.Value.Select(v => $"{{UserExtra  {v}  {AuthenticationGroup}/v1  {e.Key}}}")))
                .Concat(uid.Length > 0 ? [$"{{UID  {uid}  {AuthenticationGroup}/v1  }}"] : []);
            throw new StatusException(HttpStatusCode.BadRequest, "BadRequest", $"requested [{string.Join(' ', requested)}] without impersonating a user");
        }

        const string accountPrefix = "system:serviceaccount:";
        var parts = username.StartsWith(accountPrefix, StringComparison.Ordinal) ? username[accountPrefix.Length..].Split(':') : [];
        if (parts is [{ Length: > 0 } ns, { Length: > 0 } account])
        {
            Demand(authorizer, user, "", "serviceaccounts", null, ns, account);
            if (groups.Count == 0) groups.AddRange(ServiceAccountUser.Groups(ns).Where(g => g != "system:authenticated"));
        }
        else
        {
            Demand(authorizer, user, "", "users", null, null, username);
        }
        foreach (var group in groups) Demand(authorizer, user, "", "groups", null, null, group);
        foreach (var (key, values) in extra)
            foreach (var value in values) Demand(authorizer, user, AuthenticationGroup, "userextras", key, null, value);
        if (uid.Length > 0) Demand(authorizer, user, AuthenticationGroup, "uids", null, null, uid);

        if (username == "system:anonymous") { if (!groups.Contains("system:unauthenticated")) groups.Add("system:unauthenticated"); }
        else if (!groups.Contains("system:authenticated"))
        {
            groups.Add("system:authenticated");
        }

        return new UserInfo(username, uid, groups, extra);
    }

    private static void Demand(IRequestAuthorizer authorizer, UserInfo user, string group, string resource, string? subresource, string? ns, string name)
    {
        var request = new RequestAttributes(user, "impersonate", group, resource, subresource, ns, name);
        if (authorizer.Authorize(request) is { } why)
            throw AccessDenied.For(request, group.Length == 0 ? resource : $"{resource}.{group}", why);
    }
}
