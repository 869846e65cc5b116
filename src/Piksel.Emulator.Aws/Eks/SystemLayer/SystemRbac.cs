using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Auth.Rbac;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// The ClusterRoles and bindings EKS keeps in every cluster for its own components (<c>eks:addon-manager</c>,
/// <c>eks:fargate-scheduler</c>; labelled <c>eks.amazonaws.com/component</c>), granting what each of ours writes.
/// </summary>
public static class SystemRbac
{
    private static readonly string[] All = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>The roles and their bindings to the components' users.</summary>
    public static IEnumerable<JsonObject> Objects() =>
    [
        Labelled(RbacObjects.ClusterRole("eks:addon-manager",
        [
            PolicyRule.For([""], ["configmaps", "services", "serviceaccounts"], All),
            PolicyRule.For(["apps"], ["deployments", "daemonsets"], All),
            PolicyRule.For(["rbac.authorization.k8s.io"], ["clusterroles", "clusterrolebindings", "roles", "rolebindings"], [.. All, "bind", "escalate"]),
            PolicyRule.For(["storage.k8s.io"], ["storageclasses", "csidrivers"], All),
            PolicyRule.For(["policy"], ["poddisruptionbudgets"], All),
            PolicyRule.For(["scheduling.k8s.io"], ["priorityclasses"], All),
            PolicyRule.For([""], ["events"], "create", "update", "patch"),
        ])),
        Labelled(RbacObjects.ClusterRoleBinding("eks:addon-manager", "eks:addon-manager", "User:eks:addon-manager")),
        Labelled(RbacObjects.ClusterRole("eks:fargate-scheduler",
        [
            PolicyRule.For([""], ["nodes"], "get", "list", "watch", "delete"),
            PolicyRule.For([""], ["pods"], "get", "list", "watch", "update", "patch"),
            PolicyRule.For([""], ["pods/binding"], "create"),
            PolicyRule.For([""], ["pods/status"], "update", "patch"),
            PolicyRule.For([""], ["events"], "create", "update", "patch"),
            PolicyRule.For(["events.k8s.io"], ["events"], "create", "update", "patch"),
        ])),
        Labelled(RbacObjects.ClusterRoleBinding("eks:fargate-scheduler", "eks:fargate-scheduler", "User:eks:fargate-scheduler")),
    ];

    private static JsonObject Labelled(JsonObject obj)
    {
        obj["metadata"]!["labels"] = new JsonObject { ["eks.amazonaws.com/component"] = Piksel.Emulator.Kubernetes.Rest.Meta.Name(obj)!.Split(':')[1] };
        return obj;
    }
}
