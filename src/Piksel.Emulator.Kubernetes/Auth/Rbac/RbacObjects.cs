using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>The shapes of ClusterRoles and ClusterRoleBindings, as the bootstrap policy and charts' RBAC write them.</summary>
public static class RbacObjects
{
    /// <summary>The API group.</summary>
    public const string Group = "rbac.authorization.k8s.io";

    /// <summary>The label on every default role and binding.</summary>
    public const string BootstrappingLabel = "kubernetes.io/bootstrapping";

    /// <summary>The annotation that, set to <c>"false"</c>, keeps the server from reconciling a default object at start.</summary>
    public const string AutoupdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";

    /// <summary>A bootstrap ClusterRole (<c>kubernetes.io/bootstrapping: rbac-defaults</c>, autoupdate true).</summary>
    public static JsonObject DefaultClusterRole(string name, IEnumerable<PolicyRule> rules, IEnumerable<(string Key, string Value)>? labels = null)
    {
        var role = ClusterRole(name, rules);
        var meta = (JsonObject)role["metadata"]!;
        var labelObject = new JsonObject { [BootstrappingLabel] = "rbac-defaults" };
        foreach (var (key, value) in labels ?? []) labelObject[key] = value;
        meta["labels"] = labelObject;
        meta["annotations"] = new JsonObject { [AutoupdateAnnotation] = "true" };
        return role;
    }

    /// <summary>A ClusterRole with <paramref name="rules"/>.</summary>
    public static JsonObject ClusterRole(string name, IEnumerable<PolicyRule> rules) => new()
    {
        ["apiVersion"] = BuiltInResources.ClusterRoles.ApiVersion,
        ["kind"] = "ClusterRole",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]),
    };

    /// <summary>A bootstrap ClusterRole whose rules the aggregation controller fills from roles labelled <paramref name="selectorLabel"/>.</summary>
    public static JsonObject AggregatedClusterRole(string name, string selectorLabel, IEnumerable<(string Key, string Value)>? labels = null)
    {
        var role = DefaultClusterRole(name, [], labels);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [selectorLabel] = "true" } }),
        };
        return role;
    }

    /// <summary>A bootstrap ClusterRoleBinding of <paramref name="role"/> to <paramref name="subjects"/> (<c>User:name</c>, <c>Group:name</c>, <c>ServiceAccount:ns:name</c>).</summary>
    public static JsonObject DefaultClusterRoleBinding(string name, string role, params string[] subjects)
    {
        var binding = ClusterRoleBinding(name, role, subjects);
        var meta = (JsonObject)binding["metadata"]!;
        meta["labels"] = new JsonObject { [BootstrappingLabel] = "rbac-defaults" };
        meta["annotations"] = new JsonObject { [AutoupdateAnnotation] = "true" };
        return binding;
    }

    /// <summary>A ClusterRoleBinding of <paramref name="role"/> to <paramref name="subjects"/> (<c>User:name</c>, <c>Group:name</c>, <c>ServiceAccount:ns:name</c>).</summary>
    public static JsonObject ClusterRoleBinding(string name, string role, params string[] subjects) => new()
    {
        ["apiVersion"] = BuiltInResources.ClusterRoleBindings.ApiVersion,
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["roleRef"] = new JsonObject { ["apiGroup"] = Group, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. subjects.Select(Subject)]),
    };

    private static JsonNode Subject(string subject)
    {
        var parts = subject.Split(':', 2);
        if (parts[0] == "ServiceAccount")
        {
            var account = parts[1].Split(':', 2);
            return new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account[1], ["namespace"] = account[0] };
        }
        return new JsonObject { ["apiGroup"] = Group, ["kind"] = parts[0], ["name"] = parts[1] };
    }
}
