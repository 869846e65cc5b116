namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A subject of a binding.</summary>
/// <param name="Kind"><c>Group</c>, <c>User</c> or <c>ServiceAccount</c>.</param>
/// <param name="Name">The name.</param>
/// <param name="Namespace">The service account's namespace; null for users and groups.</param>
public sealed record KubernetesSubject(string Kind, string Name, string? Namespace = null);
