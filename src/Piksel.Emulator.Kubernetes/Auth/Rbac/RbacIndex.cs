using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// An immutable snapshot of who is granted what: each binding's subjects mapped to the rules of its role, cluster-wide
/// (ClusterRoleBindings) and per namespace (RoleBindings), so a decision looks up the user's name and groups instead of
/// scanning every binding.
/// </summary>
public sealed class RbacIndex
{
    private static readonly IReadOnlyDictionary<string, List<Entry>> None = new Dictionary<string, List<Entry>>();
    private readonly Dictionary<string, List<Entry>> cluster = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<Entry>>> namespaces = new(StringComparer.Ordinal);

    /// <summary>The rules one binding grants, and where they come from (<c>ClusterRoleBinding "x" of ClusterRole "y"</c>).</summary>
    public sealed record Grant(string Source, IReadOnlyList<PolicyRule> Rules);

    /// <summary>A grant through one of its binding's subjects (<c>Group "system:masters"</c>).</summary>
    private sealed record Entry(Grant Grant, string Subject);

    /// <summary>An index of the store's roles and bindings as they are now.</summary>
    public static RbacIndex Build(ObjectStore store)
    {
        var index = new RbacIndex();
        var clusterRoles = store.List(BuiltInResources.ClusterRoles, null).Items.ToDictionary(o => o.Name, o => PolicyRule.RulesOf(o.View), StringComparer.Ordinal);
        var roles = store.List(BuiltInResources.Roles, null).Items.ToDictionary(o => (o.Namespace, o.Name), o => PolicyRule.RulesOf(o.View));
        foreach (var binding in store.List(BuiltInResources.ClusterRoleBindings, null).Items)
        {
            var (kind, name) = RoleRef(binding);
            if (kind != "ClusterRole" || !clusterRoles.TryGetValue(name, out var rules)) continue;
            Add(index.cluster, binding, "", new Grant($"ClusterRoleBinding \"{binding.Name}\" of ClusterRole \"{name}\"", rules));
        }
        foreach (var binding in store.List(BuiltInResources.RoleBindings, null).Items)
        {
            var (kind, name) = RoleRef(binding);
            var rules = kind switch
            {
                "ClusterRole" => clusterRoles.GetValueOrDefault(name),
                "Role" => roles.GetValueOrDefault((binding.Namespace, name)),
                _ => null,
            };
            if (rules is null) continue;
            if (!index.namespaces.TryGetValue(binding.Namespace, out var subjects))
                index.namespaces[binding.Namespace] = subjects = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            Add(subjects, binding, binding.Namespace, new Grant($"RoleBinding \"{binding.Name}/{binding.Namespace}\" of {kind} \"{name}\"", rules));
        }
        return index;
    }

    private static (string Kind, string Name) RoleRef(StoredObject binding) =>
        (binding.View["roleRef"]?["kind"]?.GetValue<string>() ?? "", binding.View["roleRef"]?["name"]?.GetValue<string>() ?? "");

    private static void Add(Dictionary<string, List<Entry>> bySubject, StoredObject binding, string bindingNamespace, Grant grant)
    {
        if (binding.View["subjects"] is not System.Text.Json.Nodes.JsonArray subjects) return;
        foreach (var subject in subjects)
        {
            var kind = subject?["kind"]?.GetValue<string>();
            var name = subject?["name"]?.GetValue<string>() ?? "";
            var accountNamespace = subject?["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? ns : bindingNamespace;
            var key = kind switch
            {
                "User" => UserKey(name),
                "Group" => GroupKey(name),
                "ServiceAccount" => UserKey($"system:serviceaccount:{accountNamespace}:{name}"),
                _ => null,
            };
            if (key is null || name.Length == 0) continue;
            if (!bySubject.TryGetValue(key, out var entries)) bySubject[key] = entries = [];
            entries.Add(new Entry(grant, kind == "ServiceAccount" ? $"{kind} \"{name}/{accountNamespace}\"" : $"{kind} \"{name}\""));
        }
    }

    private static string UserKey(string name) => "u:" + name;

    private static string GroupKey(string name) => "g:" + name;

    /// <summary>Whether any rule bound to <paramref name="request"/>'s user (by name or group) allows it.</summary>
    public bool Allows(RequestAttributes request) => AllowedBy(request) is not null;

    /// <summary>RBAC's explanation of an allowed request (<c>RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"</c>); null when denied.</summary>
    public string? AllowedBy(RequestAttributes request)
    {
        var entry = AllowedBy(cluster, request);
        if (entry is null && !string.IsNullOrEmpty(request.Namespace) && request.Path is null && namespaces.TryGetValue(request.Namespace, out var inNamespace))
            entry = AllowedBy(inNamespace, request);
        return entry is null ? null : $"RBAC: allowed by {entry.Grant.Source} to {entry.Subject}";
    }

    private static Entry? AllowedBy(IReadOnlyDictionary<string, List<Entry>> bySubject, RequestAttributes request)
    {
        if (FirstAllowing(bySubject, UserKey(request.User.Name), request) is { } byName) return byName;
        foreach (var group in request.User.Groups)
            if (FirstAllowing(bySubject, GroupKey(group), request) is { } byGroup) return byGroup;
        return null;
    }

    private static Entry? FirstAllowing(IReadOnlyDictionary<string, List<Entry>> bySubject, string key, RequestAttributes request)
    {
        if (!bySubject.TryGetValue(key, out var entries)) return null;
        foreach (var entry in entries)
        {
            foreach (var rule in entry.Grant.Rules)
                if (rule.Allows(request)) return entry;
        }

        return null;
    }

    /// <summary>Every grant that applies to <paramref name="user"/> in <paramref name="ns"/> (cluster-wide ones first; all namespaces' when <paramref name="ns"/> is empty only the cluster's).</summary>
    public IEnumerable<Grant> GrantsFor(UserInfo user, string? ns)
    {
        var keys = user.Groups.Select(GroupKey).Prepend(UserKey(user.Name)).ToList();
        var scopes = new List<IReadOnlyDictionary<string, List<Entry>>> { cluster };
        if (!string.IsNullOrEmpty(ns)) scopes.Add(namespaces.TryGetValue(ns, out var inNamespace) ? inNamespace : None);
        var seen = new HashSet<Grant>(ReferenceEqualityComparer.Instance);
        foreach (var scope in scopes)
        {
            foreach (var key in keys)
            {
                if (scope.TryGetValue(key, out var entries))
                {
                    foreach (var entry in entries)
                        if (seen.Add(entry.Grant)) yield return entry.Grant;
                }
            }
        }
    }
}
