using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>How a cluster comes to be (EKS API, or a container with a record kept by the harness) and is reached.</summary>
public interface IClusterStrategy
{
    /// <summary>Which strategy this is.</summary>
    ClusterStrategyKind Kind { get; }

    /// <summary>
    /// A connection to the cluster named <paramref name="clusterName"/>, or null while it does not exist (so handlers
    /// of objects in it can report them absent instead of failing).
    /// </summary>
    ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken);

    /// <summary>
    /// What a person's kubeconfig for the cluster named <paramref name="clusterName"/> holds (its API server, CA and how
    /// the user authenticates), or null while the cluster does not exist. Render it with <see cref="KubeconfigYaml"/>.
    /// </summary>
    ValueTask<ClusterKubeconfig?> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken);
}

/// <summary>The cluster strategies.</summary>
public enum ClusterStrategyKind
{
    /// <summary>Clusters are EKS clusters made through the EKS API (emulated or real).</summary>
    EksApi,

    /// <summary>The cluster is a container (k3s); the harness keeps the cluster record EKS would.</summary>
    Container,
}

/// <summary>What a Kubernetes client needs: the API server, its CA, and a bearer token source.</summary>
/// <param name="Server">The API server URL.</param>
/// <param name="CertificateAuthorityData">The CA bundle, base64 PEM as kubeconfig holds it.</param>
/// <param name="GetTokenAsync">A fresh bearer token (EKS tokens expire after 15 minutes).</param>
public sealed record KubernetesConnection(
    Uri Server,
    string CertificateAuthorityData,
    Func<CancellationToken, ValueTask<SensitiveString>> GetTokenAsync);
