namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A Role (rbac.authorization.k8s.io/v1): what its subjects may do in its namespace.</summary>
public sealed record KubernetesRole : KubernetesResource
{
    /// <summary>The rules. Default: none.</summary>
    public IReadOnlyList<KubernetesPolicyRule> Rules { get; init; } = [];
}
