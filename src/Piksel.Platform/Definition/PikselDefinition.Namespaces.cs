using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>The workload and system namespaces.</summary>
internal sealed partial class PikselDefinition
{
    /// <summary>Namespaces of the platform's workloads: Pod Security Standard <c>restricted</c> enforced.</summary>
    public static IReadOnlyList<string> WorkloadNamespaces { get; } = ["database", "jupyterhub", "odc", "odc-stac", "terria", "monitoring", "argo"];

    /// <summary>Namespaces of system components.</summary>
    public static IReadOnlyList<string> SystemNamespaces { get; } = ["karpenter", "flux-system", "aws-external-dns-helm", "external-secrets"];

    public void AddNamespaces()
    {
        foreach (var ns in WorkloadNamespaces)
        {
            Builder.Add(new KubernetesNamespace
            {
                Name = ns,
                Cluster = Names.Cluster,
                Labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal)
                {
                    ["pod-security.kubernetes.io/enforce"] = "restricted",
                    ["pod-security.kubernetes.io/enforce-version"] = "latest",
                },
                DependsOn = [Cluster.Id],
            });
        }

        foreach (var ns in SystemNamespaces)
        {
            Builder.Add(new KubernetesNamespace { Name = ns, Cluster = Names.Cluster, Labels = Labels, DependsOn = [Cluster.Id] });
        }
    }
}
