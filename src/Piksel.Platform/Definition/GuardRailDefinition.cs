using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>
/// The resource guard rails and developer access of every workload namespace: a LimitRange (so no container runs
/// without requests and limits), a ResourceQuota sized for one environment's share of a small cluster, and the
/// <c>&lt;ns&gt;-developer</c> Role (read most things, no Secrets, no writes) bound to group <c>piksel:&lt;ns&gt;-developers</c>.
/// </summary>
internal sealed class GuardRailDefinition : IDefinitionArea
{
    /// <summary>What a developer may read in their namespace: read-only verbs, never Secrets.</summary>
    public static IReadOnlyList<KubernetesPolicyRule> DeveloperRules { get; } =
    [
        Read("", "pods", "pods/log", "services", "endpoints", "configmaps", "events", "persistentvolumeclaims", "serviceaccounts", "limitranges", "resourcequotas"),
        Read("apps", "deployments", "replicasets", "statefulsets", "daemonsets"),
        Read("batch", "jobs", "cronjobs"),
        Read("networking.k8s.io", "ingresses", "networkpolicies"),
        Read("autoscaling", "horizontalpodautoscalers"),
        Read("policy", "poddisruptionbudgets"),
        Read("events.k8s.io", "events"),
    ];

    private readonly List<KubernetesResource> resources = [];

    /// <summary>The guard rails of the workload namespaces of <paramref name="cluster"/>.</summary>
    public GuardRailDefinition(DefinitionContext context, ClusterReference cluster, NamespaceDefinition namespaces)
    {
        foreach (var ns in NamespaceDefinition.WorkloadNamespaces)
        {
            var dependsOn = namespaces.DependencyOf(ns).ToArray();
            resources.Add(new KubernetesLimitRange
            {
                Name = "default-limits",
                Namespace = ns,
                Cluster = cluster.Name,
                Labels = context.Labels,
                DependsOn = dependsOn,
                DefaultRequests = new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "128Mi" },
                DefaultLimits = new Dictionary<string, string> { ["cpu"] = "500m", ["memory"] = "512Mi" },
                Max = new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "4Gi" },
            });
            resources.Add(new KubernetesResourceQuota
            {
                Name = "default-quota",
                Namespace = ns,
                Cluster = cluster.Name,
                Labels = context.Labels,
                DependsOn = dependsOn,
                Hard = new Dictionary<string, string>
                {
                    ["limits.cpu"] = "8",
                    ["limits.memory"] = "16Gi",
                    ["pods"] = "50",
                    ["requests.cpu"] = "4",
                    ["requests.memory"] = "8Gi",
                },
            });
            var role = new KubernetesRole
            {
                Name = DeveloperRole(ns),
                Namespace = ns,
                Cluster = cluster.Name,
                Labels = context.Labels,
                DependsOn = dependsOn,
                Rules = DeveloperRules,
            };
            resources.Add(role);
            resources.Add(new KubernetesRoleBinding
            {
                Name = DeveloperRole(ns),
                Namespace = ns,
                Cluster = cluster.Name,
                Labels = context.Labels,
                DependsOn = [.. dependsOn, role.Id],
                RoleName = role.Name,
                Subjects = [new KubernetesSubject("Group", DeveloperGroup(ns))],
            });
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];

    /// <summary>The developer Role and RoleBinding of <paramref name="ns"/>.</summary>
    public static string DeveloperRole(string ns) => $"{ns}-developer";

    /// <summary>The group whose members develop in <paramref name="ns"/>.</summary>
    public static string DeveloperGroup(string ns) => $"piksel:{ns}-developers";

    /// <summary>
    /// The RBAC matrix: each developer group may get and list pods in its namespace, may not read Secrets there or
    /// create Deployments, and may not get pods in the next workload namespace.
    /// </summary>
    public static IReadOnlyList<AccessReviewExpectation> AccessMatrix()
    {
        var all = NamespaceDefinition.WorkloadNamespaces;
        return [.. all.SelectMany((ns, i) =>
        {
            var group = DeveloperGroup(ns);
            var other = all[(i + 1) % all.Count];
            return new[]
            {
                new AccessReviewExpectation(group, ns, "get", "", "pods", true),
                new AccessReviewExpectation(group, ns, "list", "", "pods", true),
                new AccessReviewExpectation(group, ns, "get", "", "secrets", false),
                new AccessReviewExpectation(group, ns, "create", "apps", "deployments", false),
                new AccessReviewExpectation(group, other, "get", "", "pods", false),
            };
        })];
    }

    private static KubernetesPolicyRule Read(string apiGroup, params string[] resources) => new([apiGroup], resources, ["get", "list", "watch"]);
}
