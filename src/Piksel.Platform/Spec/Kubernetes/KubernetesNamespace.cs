namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A namespace; its labels carry the Pod Security Standard and the management labels.</summary>
public sealed record KubernetesNamespace : KubernetesResource;
