namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A RoleBinding of a Role in its namespace to subjects. Kubernetes makes <c>roleRef</c> immutable, so a changed role
/// replaces the binding.
/// </summary>
public sealed record KubernetesRoleBinding : KubernetesResource
{
    /// <summary>The Role bound (in the binding's namespace).</summary>
    [ForceNew]
    public required string RoleName { get; init; }

    /// <summary>The subjects. Default: none.</summary>
    public IReadOnlyList<KubernetesSubject> Subjects { get; init; } = [];
}
