namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// An External Secrets Operator <c>ClusterSecretStore</c> backed by AWS Secrets Manager, authenticating with a
/// service account's IRSA role (<c>spec.provider.aws.auth.jwt.serviceAccountRef</c>).
/// </summary>
public sealed record ClusterSecretStore : KubernetesResource
{
    /// <summary>The AWS region of the secrets.</summary>
    public required string Region { get; init; }

    /// <summary>The AWS service. Default: <c>SecretsManager</c>.</summary>
    public string Service { get; init; } = "SecretsManager";

    /// <summary>Namespace of the service account whose role the store uses.</summary>
    public required string ServiceAccountNamespace { get; init; }

    /// <summary>Name of that service account.</summary>
    public required string ServiceAccountName { get; init; }
}
