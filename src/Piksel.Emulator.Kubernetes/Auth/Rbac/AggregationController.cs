using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// The clusterrole-aggregation controller: when any ClusterRole changes, every aggregated ClusterRole whose rules differ
/// from <see cref="ClusterRoleAggregation"/>'s union is updated (which in turn re-aggregates those that select it, as
/// admin selects edit and edit selects view).
/// </summary>
public sealed class AggregationController(ControllerContext context) : ReconcileLoop(context)
{
    /// <summary>The controller's identity: its service account in kube-system.</summary>
    public static Auth.UserInfo Identity { get; } = Auth.UserInfo.ServiceAccount("kube-system", "clusterrole-aggregation-controller");

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.ClusterRoles];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        foreach (var role in Client.List(BuiltInResources.ClusterRoles, null).Items)
            if (role.View["aggregationRule"] is not null) enqueue(new ObjectKey(BuiltInResources.ClusterRoles, "", role.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.ClusterRoles, "", key.Name) is not { } target) return;
        var rules = ClusterRoleAggregation.RulesFor(target, Client.List(BuiltInResources.ClusterRoles, null).Items);
        if (rules is null || rules.SequenceEqual(PolicyRule.RulesOf(target.View))) return;
        await Client.UpdateAsync(target, o => o["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]), cancellationToken: cancellationToken);
    }
}
