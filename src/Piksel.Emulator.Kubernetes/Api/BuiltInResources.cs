using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Api;

/// <summary>The kinds the server serves out of the box (what the Piksel platform uses, and what kubectl needs around them).</summary>
public static class BuiltInResources
{
    private static ResourceType Core(string kind, string plural, bool namespaced, Type model, string[]? shortNames = null, string[]? subresources = null, string[]? verbs = null) =>
        new()
        {
            Group = "",
            Version = "v1",
            Kind = kind,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Namespaced = namespaced,
            ModelType = model,
            ShortNames = shortNames ?? [],
            Subresources = subresources ?? [],
            Verbs = verbs ?? ResourceType.StandardVerbs,
            Categories = kind is "Pod" or "Service" or "ConfigMap" or "Secret" ? [] : [],
        };

    private static ResourceType In(string group, string version, string kind, string plural, bool namespaced, Type? model, string[]? shortNames = null, string[]? subresources = null, string[]? verbs = null) =>
        new()
        {
            Group = group,
            Version = version,
            Kind = kind,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Namespaced = namespaced,
            ModelType = model,
            ShortNames = shortNames ?? [],
            Subresources = subresources ?? [],
            Verbs = verbs ?? ResourceType.StandardVerbs,
        };

    private static readonly string[] CreateOnly = ["create"];

    public static readonly ResourceType Namespaces = Core("Namespace", "namespaces", false, typeof(V1Namespace), ["ns"], ["status", "finalize"],
        ["create", "delete", "get", "list", "patch", "update", "watch"]);
    public static readonly ResourceType ServiceAccounts = Core("ServiceAccount", "serviceaccounts", true, typeof(V1ServiceAccount), ["sa"], ["token"]);
    public static readonly ResourceType Secrets = Core("Secret", "secrets", true, typeof(V1Secret));
    public static readonly ResourceType ConfigMaps = Core("ConfigMap", "configmaps", true, typeof(V1ConfigMap), ["cm"]);
    public static readonly ResourceType Services = Core("Service", "services", true, typeof(V1Service), ["svc"], ["status"],
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    public static readonly ResourceType Pods = Core("Pod", "pods", true, typeof(V1Pod), ["po"], ["status"]);
    public static readonly ResourceType Events = Core("Event", "events", true, typeof(Corev1Event), ["ev"]);
    public static readonly ResourceType Nodes = Core("Node", "nodes", false, typeof(V1Node), ["no"], ["status"]);
    public static readonly ResourceType LimitRanges = Core("LimitRange", "limitranges", true, typeof(V1LimitRange), ["limits"]);
    public static readonly ResourceType ResourceQuotas = Core("ResourceQuota", "resourcequotas", true, typeof(V1ResourceQuota), ["quota"], ["status"]);
    public static readonly ResourceType Deployments = In("apps", "v1", "Deployment", "deployments", true, typeof(V1Deployment), ["deploy"], ["status"]);
    public static readonly ResourceType ReplicaSets = In("apps", "v1", "ReplicaSet", "replicasets", true, typeof(V1ReplicaSet), ["rs"], ["status"]);
    public static readonly ResourceType StatefulSets = In("apps", "v1", "StatefulSet", "statefulsets", true, typeof(V1StatefulSet), ["sts"], ["status"]);
    public static readonly ResourceType ControllerRevisions = In("apps", "v1", "ControllerRevision", "controllerrevisions", true, typeof(V1ControllerRevision));
    public static readonly ResourceType Jobs = In("batch", "v1", "Job", "jobs", true, typeof(V1Job), null, ["status"]);
    public static readonly ResourceType CronJobs = In("batch", "v1", "CronJob", "cronjobs", true, typeof(V1CronJob), ["cj"], ["status"]);
    public static readonly ResourceType PersistentVolumeClaims = Core("PersistentVolumeClaim", "persistentvolumeclaims", true, typeof(V1PersistentVolumeClaim), ["pvc"], ["status"]);
    public static readonly ResourceType DaemonSets = In("apps", "v1", "DaemonSet", "daemonsets", true, typeof(V1DaemonSet), ["ds"], ["status"]);
    public static readonly ResourceType Roles = In("rbac.authorization.k8s.io", "v1", "Role", "roles", true, typeof(V1Role));
    public static readonly ResourceType RoleBindings = In("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, typeof(V1RoleBinding));
    public static readonly ResourceType ClusterRoles = In("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, typeof(V1ClusterRole));
    public static readonly ResourceType ClusterRoleBindings = In("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, typeof(V1ClusterRoleBinding));
    public static readonly ResourceType NetworkPolicies = In("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, typeof(V1NetworkPolicy), ["netpol"]);
    public static readonly ResourceType StorageClasses = In("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, typeof(V1StorageClass), ["sc"]);
    public static readonly ResourceType PriorityClasses = In("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, typeof(V1PriorityClass), ["pc"]);
    public static readonly ResourceType PodDisruptionBudgets = In("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, typeof(V1PodDisruptionBudget), ["pdb"], ["status"]);
    public static readonly ResourceType CsiDrivers = In("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false, typeof(V1CSIDriver));
    public static readonly ResourceType PersistentVolumes = Core("PersistentVolume", "persistentvolumes", false, typeof(V1PersistentVolume), ["pv"], ["status"]);
    public static readonly ResourceType VolumeAttachments = In("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", false, typeof(V1VolumeAttachment), null, ["status"]);
    public static readonly ResourceType TokenReviews = In("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", false, typeof(V1TokenReview), verbs: CreateOnly);
    public static readonly ResourceType SelfSubjectReviews = In("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false, typeof(V1SelfSubjectReview), verbs: CreateOnly);
    /// <summary>
    /// SelfSubjectReview in its beta and alpha versions (still in the API, off by default since 1.28): kubectl 1.27's
    /// <c>auth whoami</c> asks for v1beta1 and falls back to v1alpha1; the answer is the same, in the version asked for.
    /// </summary>
    public static readonly ResourceType SelfSubjectReviewsV1Beta1 = SelfSubjectReviews with { Version = "v1beta1" };
    /// <inheritdoc cref="SelfSubjectReviewsV1Beta1"/>
    public static readonly ResourceType SelfSubjectReviewsV1Alpha1 = SelfSubjectReviews with { Version = "v1alpha1" };
    public static readonly ResourceType SelfSubjectAccessReviews = In("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, typeof(V1SelfSubjectAccessReview), verbs: CreateOnly);
    public static readonly ResourceType SelfSubjectRulesReviews = In("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, typeof(V1SelfSubjectRulesReview), verbs: CreateOnly);
    public static readonly ResourceType SubjectAccessReviews = In("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", false, typeof(V1SubjectAccessReview), verbs: CreateOnly);
    public static readonly ResourceType LocalSubjectAccessReviews = In("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", true, typeof(V1LocalSubjectAccessReview), verbs: CreateOnly);

    /// <summary>
    /// CustomResourceDefinitions (<c>apiextensions.k8s.io/v1</c>): each one, once Established, adds its kind to the catalog
    /// in every served version (see <see cref="Crds.CrdFeature"/>).
    /// </summary>
    public static readonly ResourceType CustomResourceDefinitions = In("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, typeof(V1CustomResourceDefinition), ["crd", "crds"], ["status"])
        with
    { Categories = ["api-extensions"] };

    /// <summary>Every built-in type.</summary>
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, ServiceAccounts, Secrets, ConfigMaps, Services, Pods, Events, Nodes, LimitRanges, ResourceQuotas,
        Deployments, ReplicaSets, DaemonSets, StatefulSets, ControllerRevisions, Jobs, CronJobs, PersistentVolumeClaims, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings, NetworkPolicies, StorageClasses,
        PriorityClasses, PodDisruptionBudgets, CsiDrivers, PersistentVolumes, VolumeAttachments,
        TokenReviews, SelfSubjectReviews, SelfSubjectReviewsV1Beta1, SelfSubjectReviewsV1Alpha1, SelfSubjectAccessReviews,
        SelfSubjectRulesReviews, SubjectAccessReviews, LocalSubjectAccessReviews,
        CustomResourceDefinitions,
    ];

    /// <summary>True for kinds that are requests, not stored objects (reviews): only POST, answered, never kept.</summary>
    public static bool IsVirtual(ResourceType type) => type.Verbs.Count == 1 && type.Verbs[0] == "create";
}
