namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A service account; an IRSA one carries the <c>eks.amazonaws.com/role-arn</c> annotation the pod-identity webhook
/// reads.
/// </summary>
public sealed record KubernetesServiceAccount : KubernetesResource
{
    /// <summary>The annotation that binds a service account to an IAM role.</summary>
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    /// <summary>The annotated role ARN, if any.</summary>
    [NotAttribute]
    public string? RoleArn => Annotations.TryGetValue(RoleArnAnnotation, out var arn) ? arn : null;
}
