using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Auth.Rbac;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// The controller's ClusterRole as Karpenter's Helm chart grants it (<c>charts/karpenter/templates/clusterrole-core.yaml</c>
/// and <c>clusterrole.yaml</c>, in short): its kinds and their status, nodes, pods and their eviction, events.
/// </summary>
public static class KarpenterRbac
{
    private static readonly string[] Read = ["get", "list", "watch"];

    /// <summary>The ClusterRole and its binding to <c>karpenter/karpenter</c>.</summary>
    public static IEnumerable<JsonObject> Objects() =>
    [
        RbacObjects.ClusterRole("karpenter-core",
        [
            PolicyRule.For(["karpenter.sh"], ["nodepools", "nodepools/status", "nodeclaims", "nodeclaims/status"], [.. Read, "create", "update", "patch", "delete"]),
            PolicyRule.For(["karpenter.k8s.aws"], ["ec2nodeclasses", "ec2nodeclasses/status"], [.. Read, "update", "patch"]),
            PolicyRule.For([""], ["nodes"], [.. Read, "create", "update", "patch", "delete"]),
            PolicyRule.For([""], ["pods", "namespaces", "persistentvolumeclaims", "persistentvolumes"], Read),
            PolicyRule.For([""], ["pods"], "delete"),
            PolicyRule.For([""], ["pods/eviction"], "create"),
            PolicyRule.For(["apps"], ["daemonsets", "deployments", "replicasets", "statefulsets"], Read),
            PolicyRule.For([""], ["events"], "create", "patch"),
            PolicyRule.For([""], ["serviceaccounts/token"], "create"),
            PolicyRule.For([""], ["serviceaccounts"], Read),
        ]),
        RbacObjects.ClusterRoleBinding("karpenter-core", "karpenter-core", "ServiceAccount:karpenter:karpenter"),
    ];
}
