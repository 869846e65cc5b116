using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth.Rbac;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tests.Rbac;

/// <summary>The aggregated ClusterRole's rules: the matching roles' rules in name order, itself skipped, duplicates dropped.</summary>
public sealed class ClusterRoleAggregationTests
{
    private static StoredObject Role(string name, JsonObject? labels, params PolicyRule[] rules)
    {
        var role = RbacObjects.ClusterRole(name, rules);
        if (labels is not null) role["metadata"]!["labels"] = labels;
        return new StoredObject(BuiltInResources.ClusterRoles, "", name, 1, System.Text.Encoding.UTF8.GetBytes(role.ToJsonString()));
    }

    [Fact]
    public void Union_of_matching_roles_in_name_order_without_duplicates()
    {
        var target = RbacObjects.AggregatedClusterRole("monitoring", "example.com/aggregate-to-monitoring");
        target["metadata"]!["labels"] = new JsonObject { ["example.com/aggregate-to-monitoring"] = "true" };
        var aggregated = new StoredObject(BuiltInResources.ClusterRoles, "", "monitoring", 1, System.Text.Encoding.UTF8.GetBytes(target.ToJsonString()));
        var pods = PolicyRule.For([""], ["pods"], "get");
        var services = PolicyRule.For([""], ["services"], "get");
        var roles = new[]
        {
            Role("z-services", new JsonObject { ["example.com/aggregate-to-monitoring"] = "true" }, services, pods),
            Role("a-pods", new JsonObject { ["example.com/aggregate-to-monitoring"] = "true" }, pods),
            Role("other", new JsonObject { ["example.com/aggregate-to-monitoring"] = "false" }, PolicyRule.For([""], ["secrets"], "get")),
            aggregated,
        };
        Assert.Equal([pods, services], ClusterRoleAggregation.RulesFor(aggregated, roles));
        Assert.Null(ClusterRoleAggregation.RulesFor(roles[0], roles));
    }
}
