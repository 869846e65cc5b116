using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>The workload namespaces (Pod Security Standard <c>restricted</c> enforced, audited and warned) and the system namespaces.</summary>
internal sealed class NamespaceDefinition : IDefinitionArea
{
    /// <summary>Namespaces of the platform's workloads: Pod Security Standard <c>restricted</c> enforced.</summary>
    public static IReadOnlyList<string> WorkloadNamespaces { get; } = ["database", "jupyterhub", "odc", "odc-stac", "terria", "monitoring", "argo"];

    /// <summary>Namespaces of system components.</summary>
    public static IReadOnlyList<string> SystemNamespaces { get; } = ["karpenter", "flux-system", "aws-external-dns-helm", "external-secrets"];

    /// <summary>The namespace EKS makes itself; objects in it depend on no namespace of ours.</summary>
    private const string KubeSystem = "kube-system";

    private readonly KubernetesNamespace[] namespaces;

    /// <summary>The namespaces of <paramref name="cluster"/>.</summary>
    public NamespaceDefinition(DefinitionContext context, ClusterReference cluster)
    {
        var workload = WorkloadNamespaces.Select(ns => new KubernetesNamespace
        {
            Name = ns,
            Cluster = cluster.Name,
            Labels = new Dictionary<string, string>(context.Labels, StringComparer.Ordinal)
            {
                ["pod-security.kubernetes.io/audit"] = "restricted",
                ["pod-security.kubernetes.io/audit-version"] = "latest",
                ["pod-security.kubernetes.io/enforce"] = "restricted",
                ["pod-security.kubernetes.io/enforce-version"] = "latest",
                ["pod-security.kubernetes.io/warn"] = "restricted",
                ["pod-security.kubernetes.io/warn-version"] = "latest",
            },
            DependsOn = [cluster.Id],
        });
        var system = SystemNamespaces.Select(ns => new KubernetesNamespace { Name = ns, Cluster = cluster.Name, Labels = context.Labels, DependsOn = [cluster.Id] });
        namespaces = [.. workload, .. system];
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => namespaces;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];

    /// <summary>What an object in <paramref name="ns"/> depends on: the namespace, or nothing in kube-system (which EKS makes).</summary>
    public IEnumerable<ResourceId> DependencyOf(string ns) =>
        ns == KubeSystem
            ? []
            : [namespaces.FirstOrDefault(n => n.Name == ns)?.Id ?? throw new InvalidOperationException($"The namespace '{ns}' is not one the platform makes; add it to {nameof(NamespaceDefinition)}.")];
}
