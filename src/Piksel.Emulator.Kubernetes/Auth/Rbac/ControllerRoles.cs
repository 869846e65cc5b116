using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Auth.Rbac.BootstrapRoles;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// The <c>system:controller:*</c> roles kube-controller-manager's controllers run under (kubernetes
/// <c>plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go</c>), each bound to its service account in
/// kube-system. Where one of our controllers writes in a way upstream's does not (an update where upstream patches, the
/// namespace controller also publishing the default service account and root CA), its role says so.
/// </summary>
public static class ControllerRoles
{
    private static readonly PolicyRule[] Events = [R("", EventWrite, "events"), R("events.k8s.io", EventWrite, "events")];

    private static IEnumerable<(string Name, PolicyRule[] Rules)> Roles() =>
    [
        ("attachdetach-controller",
        [
            R("", ["list", "watch"], "persistentvolumes", "persistentvolumeclaims"),
            R("", ["get", "list", "watch"], "nodes"),
            R("", ["patch", "update"], "nodes/status"),
            R("", ["list", "watch"], "pods"),
            R("storage.k8s.io", ["create", "delete", "get", "list", "watch"], "volumeattachments"),
            R("storage.k8s.io", ["get", "list", "watch"], "csidrivers", "csinodes"),
            .. Events,
        ]),
        ("clusterrole-aggregation-controller", [R("rbac.authorization.k8s.io", ["escalate", "get", "list", "patch", "update", "watch"], "clusterroles")]),
        ("cronjob-controller",
        [
            R("batch", ["get", "list", "watch", "update"], "cronjobs"),
            R("batch", ["get", "list", "watch", "create", "update", "delete", "patch"], "jobs"),
            R("batch", ["update"], "cronjobs/status"),
            R("batch", ["update"], "cronjobs/finalizers"),
            R("", ["list", "delete"], "pods"),
            .. Events,
        ]),
        ("daemon-set-controller",
        [
            R("apps", ["get", "list", "watch"], "daemonsets"),
            R("apps", ["update"], "daemonsets/status"),
            R("apps", ["update"], "daemonsets/finalizers"),
            R("", ["list", "watch"], "nodes"),
            R("", ["list", "watch", "create", "delete", "patch", "update"], "pods"),
            R("", ["create"], "pods/binding"),
            R("apps", ["create", "delete", "get", "list", "patch", "update", "watch"], "controllerrevisions"),
            .. Events,
        ]),
        ("deployment-controller",
        [
            R("apps", ["get", "list", "watch", "update"], "deployments"),
            R("apps", ["update"], "deployments/status"),
            R("apps", ["update"], "deployments/finalizers"),
            R("apps", ["create", "delete", "get", "list", "patch", "update", "watch"], "replicasets"),
            // Upstream adopts and releases pods with patches; ours updates them.
            R("", ["get", "list", "watch", "update"], "pods"),
            .. Events,
        ]),
        ("generic-garbage-collector", [PolicyRule.For(["*"], ["*"], "get", "list", "watch", "patch", "update", "delete")]),
        ("job-controller",
        [
            R("batch", ["get", "list", "watch", "update", "patch"], "jobs"),
            // Ours also clears jobs past their ttlSecondsAfterFinished (upstream's ttl-after-finished controller).
            R("batch", ["delete"], "jobs"),
            R("batch", ["update"], "jobs/status"),
            R("batch", ["update", "patch"], "jobs/finalizers"),
            R("", ["list", "watch", "create", "delete", "patch", "update"], "pods"),
            .. Events,
        ]),
        ("namespace-controller",
        [
            R("", ["get", "list", "watch", "delete"], "namespaces"),
            R("", ["update"], "namespaces/finalize", "namespaces/status"),
            PolicyRule.For(["*"], ["*"], "get", "list", "delete", "deletecollection"),
            // Ours also plays the service-account controller, the root-CA publisher and the API server's system
            // namespaces reconciler: it creates and labels namespaces, default service accounts and kube-root-ca.crt.
            R("", ["create", "update"], "namespaces"),
            R("", ["create"], "serviceaccounts"),
            R("", ["create", "update"], "configmaps"),
            .. Events,
        ]),
        ("persistent-volume-binder",
        [
            R("", ["list", "watch", "get", "update", "create", "delete"], "persistentvolumes"),
            R("", ["update"], "persistentvolumes/status"),
            R("", ["list", "watch", "get", "update"], "persistentvolumeclaims"),
            R("", ["update"], "persistentvolumeclaims/status"),
            R("", ["list", "watch", "get", "create", "delete"], "pods"),
            R("", ["get", "list"], "nodes"),
            R("storage.k8s.io", ["list", "watch", "get"], "storageclasses"),
            .. Events,
        ]),
        ("replicaset-controller",
        [
            R("apps", ["get", "list", "watch", "update"], "replicasets"),
            R("apps", ["update"], "replicasets/status"),
            R("apps", ["update"], "replicasets/finalizers"),
            R("", ["list", "watch", "patch", "create", "delete", "update"], "pods"),
            .. Events,
        ]),
        ("resourcequota-controller",
        [
            PolicyRule.For(["*"], ["*"], "list", "watch"),
            R("", ["update"], "resourcequotas/status"),
            .. Events,
        ]),
        ("statefulset-controller",
        [
            R("", ["list", "watch"], "pods"),
            R("apps", ["get", "list", "watch"], "statefulsets"),
            R("apps", ["update"], "statefulsets/status"),
            R("apps", ["update"], "statefulsets/finalizers"),
            R("", ["get", "create", "delete", "update", "patch"], "pods"),
            R("apps", ["get", "create", "delete", "update", "patch", "list", "watch"], "controllerrevisions"),
            R("", ["get", "create"], "persistentvolumeclaims"),
            R("", ["update", "delete"], "persistentvolumeclaims"),
            .. Events,
        ]),
        ("ttl-after-finished-controller", [R("batch", ["get", "list", "watch", "delete"], "jobs"), .. Events]),
    ];

    /// <summary>The <c>system:controller:&lt;name&gt;</c> ClusterRoles.</summary>
    public static IEnumerable<JsonObject> ClusterRoles() => Roles().Select(r => RbacObjects.DefaultClusterRole("system:controller:" + r.Name, r.Rules));

    /// <summary>Each role bound to its service account in kube-system.</summary>
    public static IEnumerable<JsonObject> Bindings() =>
        Roles().Select(r => RbacObjects.DefaultClusterRoleBinding("system:controller:" + r.Name, "system:controller:" + r.Name, "ServiceAccount:kube-system:" + r.Name));
}
