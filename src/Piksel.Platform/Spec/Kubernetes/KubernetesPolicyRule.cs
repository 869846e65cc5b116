namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>One RBAC rule: <see cref="Verbs"/> on <see cref="Resources"/> of <see cref="ApiGroups"/> (<c>""</c> is the core group).</summary>
/// <param name="ApiGroups">The API groups.</param>
/// <param name="Resources">The resources (<c>pods</c>, <c>pods/log</c>).</param>
/// <param name="Verbs">The verbs.</param>
public sealed record KubernetesPolicyRule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs);
