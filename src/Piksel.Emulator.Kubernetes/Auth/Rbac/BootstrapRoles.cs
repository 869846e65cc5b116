using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings of a new cluster (kubernetes <c>plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go</c>):
/// cluster-admin for <c>system:masters</c>, the aggregated admin/edit/view, discovery and self-review for everyone
/// authenticated, and the control-plane components' roles.
/// </summary>
public static class BootstrapRoles
{
    internal static readonly string[] Read = ["get", "list", "watch"];
    internal static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    internal static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
    internal static readonly string[] EventWrite = ["create", "update", "patch"];

    private const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    private const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    private const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    /// <summary>The non-resource URLs of <c>system:discovery</c>.</summary>
    public static readonly string[] DiscoveryUrls = ["/livez", "/readyz", "/healthz", "/version", "/version/", "/openapi", "/openapi/*", "/api", "/api/*", "/apis", "/apis/*"];

    /// <summary>The non-resource URLs of <c>system:public-info-viewer</c>.</summary>
    public static readonly string[] PublicInfoUrls = ["/livez", "/readyz", "/healthz", "/version", "/version/"];

    internal static PolicyRule R(string group, string[] verbs, params string[] resources) => PolicyRule.For([group], resources, verbs);

    /// <summary>Every default ClusterRole, then every default ClusterRoleBinding.</summary>
    public static IEnumerable<JsonObject> All() => [.. ClusterRoles(), .. ControllerRoles.ClusterRoles(), .. Bindings(), .. ControllerRoles.Bindings()];

    private static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return RbacObjects.DefaultClusterRole("cluster-admin", [PolicyRule.For(["*"], ["*"], "*"), PolicyRule.ForUrls(["*"], "*")]);
        yield return RbacObjects.AggregatedClusterRole("admin", AggregateToAdmin);
        yield return RbacObjects.AggregatedClusterRole("edit", AggregateToEdit, [(AggregateToAdmin, "true")]);
        yield return RbacObjects.AggregatedClusterRole("view", AggregateToView, [(AggregateToEdit, "true")]);
        yield return RbacObjects.DefaultClusterRole("system:aggregate-to-admin", AggregateToAdminRules(), [(AggregateToAdmin, "true")]);
        yield return RbacObjects.DefaultClusterRole("system:aggregate-to-edit", AggregateToEditRules(), [(AggregateToEdit, "true")]);
        yield return RbacObjects.DefaultClusterRole("system:aggregate-to-view", AggregateToViewRules(), [(AggregateToView, "true")]);
        yield return RbacObjects.DefaultClusterRole("system:basic-user",
        [
            R("authorization.k8s.io", ["create"], "selfsubjectaccessreviews", "selfsubjectrulesreviews"),
            R("authentication.k8s.io", ["create"], "selfsubjectreviews"),
        ]);
        yield return RbacObjects.DefaultClusterRole("system:discovery", [PolicyRule.ForUrls(DiscoveryUrls, "get")]);
        yield return RbacObjects.DefaultClusterRole("system:public-info-viewer", [PolicyRule.ForUrls(PublicInfoUrls, "get")]);
        yield return RbacObjects.DefaultClusterRole("system:service-account-issuer-discovery",
            [PolicyRule.ForUrls(["/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"], "get")]);
        yield return RbacObjects.DefaultClusterRole("system:auth-delegator",
            [R("authentication.k8s.io", ["create"], "tokenreviews"), R("authorization.k8s.io", ["create"], "subjectaccessreviews")]);
        yield return RbacObjects.DefaultClusterRole("system:node", NodeRules());
        yield return RbacObjects.DefaultClusterRole("system:kube-scheduler", SchedulerRules());
        // The scheduler's volume binding writes the selected node onto claims (and binds claims to volumes).
        yield return RbacObjects.DefaultClusterRole("system:volume-scheduler",
        [
            R("", ["get", "list", "patch", "update", "watch"], "persistentvolumes"),
            R("storage.k8s.io", Read, "storageclasses"),
            R("", ["get", "list", "patch", "update", "watch"], "persistentvolumeclaims"),
        ]);
        yield return RbacObjects.DefaultClusterRole("system:kube-controller-manager",
        [
            R("", EventWrite, "events"), R("events.k8s.io", EventWrite, "events"),
            R("coordination.k8s.io", ["create", "get", "update"], "leases"),
            R("", ["create"], "secrets", "serviceaccounts"),
            R("", ["delete"], "secrets"),
            R("", ["get"], "configmaps", "namespaces", "secrets", "serviceaccounts"),
            R("", ["update"], "secrets", "serviceaccounts"),
            R("authentication.k8s.io", ["create"], "tokenreviews"),
            R("authorization.k8s.io", ["create"], "subjectaccessreviews"),
            PolicyRule.For(["*"], ["*"], "list", "watch"),
            R("", ["create"], "serviceaccounts/token"),
        ]);
    }

    private static IEnumerable<JsonObject> Bindings()
    {
        yield return RbacObjects.DefaultClusterRoleBinding("cluster-admin", "cluster-admin", "Group:system:masters");
        yield return RbacObjects.DefaultClusterRoleBinding("system:basic-user", "system:basic-user", "Group:system:authenticated");
        yield return RbacObjects.DefaultClusterRoleBinding("system:discovery", "system:discovery", "Group:system:authenticated");
        yield return RbacObjects.DefaultClusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", "Group:system:authenticated", "Group:system:unauthenticated");
        yield return RbacObjects.DefaultClusterRoleBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", "Group:system:serviceaccounts");
        yield return RbacObjects.DefaultClusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", "User:system:kube-scheduler");
        yield return RbacObjects.DefaultClusterRoleBinding("system:volume-scheduler", "system:volume-scheduler", "User:system:kube-scheduler");
        yield return RbacObjects.DefaultClusterRoleBinding("system:kube-controller-manager", "system:kube-controller-manager", "User:system:kube-controller-manager");
        // Upstream leaves system:node unbound and lets the Node authorizer decide for kubelets; EKS's nodes are in
        // system:nodes, and the binding grants them the same rules (without the Node authorizer's per-node narrowing).
        yield return RbacObjects.DefaultClusterRoleBinding("system:node", "system:node", "Group:system:nodes");
    }

    private static IEnumerable<PolicyRule> AggregateToViewRules() =>
    [
        R("", Read, "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "configmaps"),
        R("", Read, "limitranges", "resourcequotas", "bindings", "events", "pods/status", "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log"),
        R("", Read, "namespaces"),
        R("discovery.k8s.io", Read, "endpointslices"),
        R("apps", Read, "controllerrevisions", "statefulsets", "statefulsets/scale", "statefulsets/status", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status"),
        R("autoscaling", Read, "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
        R("batch", Read, "jobs", "cronjobs", "cronjobs/status", "jobs/status"),
        R("extensions", Read, "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale", "networkpolicies"),
        R("policy", Read, "poddisruptionbudgets", "poddisruptionbudgets/status"),
        R("networking.k8s.io", Read, "networkpolicies", "ingresses", "ingresses/status"),
    ];

    private static IEnumerable<PolicyRule> AggregateToEditRules() =>
    [
        R("", Read, "pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"),
        R("", ["impersonate"], "serviceaccounts"),
        R("", Write, "pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"),
        R("", ["create"], "pods/eviction"),
        R("", Write, "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"),
        R("", ["create"], "serviceaccounts/token"),
        R("apps", Write, "statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"),
        R("autoscaling", Write, "horizontalpodautoscalers"),
        R("batch", Write, "jobs", "cronjobs"),
        R("extensions", Write, "daemonsets", "deployments", "deployments/scale", "deployments/rollback", "ingresses", "replicasets", "replicasets/scale", "replicationcontrollers/scale", "networkpolicies"),
        R("policy", Write, "poddisruptionbudgets"),
        R("networking.k8s.io", Write, "networkpolicies", "ingresses"),
        R("coordination.k8s.io", ReadWrite, "leases"),
    ];

    private static IEnumerable<PolicyRule> AggregateToAdminRules() =>
    [
        R("authorization.k8s.io", ["create"], "localsubjectaccessreviews"),
        R("rbac.authorization.k8s.io", ReadWrite, "roles", "rolebindings"),
    ];

    private static IEnumerable<PolicyRule> NodeRules() =>
    [
        R("authentication.k8s.io", ["create"], "tokenreviews"),
        R("authorization.k8s.io", ["create"], "subjectaccessreviews", "localsubjectaccessreviews"),
        R("", Read, "services"),
        R("", ["create", "get", "list", "watch"], "nodes"),
        R("", ["update", "patch"], "nodes/status"),
        R("", ["update", "patch"], "nodes"),
        R("", ["create", "update", "patch"], "events"),
        R("", Read, "pods"),
        R("", ["create", "delete"], "pods"),
        R("", ["update", "patch"], "pods/status"),
        R("", ["create"], "pods/eviction"),
        R("", Read, "secrets", "configmaps"),
        R("", ["get"], "persistentvolumeclaims", "persistentvolumes"),
        R("", ["get"], "endpoints"),
        R("", ["update", "patch"], "persistentvolumeclaims/status"),
        R("storage.k8s.io", ["get"], "volumeattachments", "csidrivers"),
        R("", ["create"], "serviceaccounts/token"),
        R("coordination.k8s.io", ["get", "create", "update", "patch", "delete"], "leases"),
        R("node.k8s.io", Read, "runtimeclasses"),
    ];

    private static IEnumerable<PolicyRule> SchedulerRules() =>
    [
        R("", EventWrite, "events"), R("events.k8s.io", EventWrite, "events"),
        R("coordination.k8s.io", ["create"], "leases"),
        R("coordination.k8s.io", ["get", "update"], "leases").Named("kube-scheduler"),
        R("", ["create"], "endpoints"),
        R("", ["get", "update"], "endpoints").Named("kube-scheduler"),
        R("", Read, "nodes"),
        R("", ["get", "list", "watch", "delete"], "pods"),
        R("", ["create"], "bindings", "pods/binding"),
        R("", ["patch", "update"], "pods/status"),
        R("", Read, "replicationcontrollers", "services"),
        R("apps", Read, "replicasets", "statefulsets"),
        R("policy", Read, "poddisruptionbudgets"),
        R("", Read, "persistentvolumeclaims", "persistentvolumes"),
        R("authentication.k8s.io", ["create"], "tokenreviews"),
        R("authorization.k8s.io", ["create"], "subjectaccessreviews"),
        R("storage.k8s.io", Read, "csinodes", "csidrivers", "csistoragecapacities", "storageclasses"),
        R("", Read, "namespaces"),
    ];
}
