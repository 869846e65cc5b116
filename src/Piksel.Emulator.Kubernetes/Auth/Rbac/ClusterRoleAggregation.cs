using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// What an aggregated ClusterRole's rules are (kube-controller-manager's clusterrole-aggregation controller): the rules
/// of every ClusterRole matching any of its <c>aggregationRule.clusterRoleSelectors</c>, in name order, itself skipped,
/// duplicates dropped.
/// </summary>
public static class ClusterRoleAggregation
{
    /// <summary>The aggregated rules of <paramref name="target"/> among <paramref name="clusterRoles"/>; null when it has no aggregationRule.</summary>
    public static IReadOnlyList<PolicyRule>? RulesFor(StoredObject target, IEnumerable<StoredObject> clusterRoles)
    {
        if (target.View["aggregationRule"]?["clusterRoleSelectors"] is not System.Text.Json.Nodes.JsonArray selectors) return null;
        var rules = new List<PolicyRule>();
        foreach (var role in clusterRoles.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (role.Name == target.Name || !selectors.Any(s => WorkloadSelector.Matches(s, role.Labels))) continue;
            foreach (var rule in PolicyRule.RulesOf(role.View))
                if (!rules.Contains(rule)) rules.Add(rule);
        }
        return rules;
    }
}
