using Piksel.Platform.Providers;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// A cluster the harness does not make through the EKS API: a k3s container (<c>localstack</c>) or a kubeconfig
/// context the user names (<c>existing</c>). The harness keeps the record EKS would keep (its add-ons, Fargate profiles
/// and access entries) and reaches the cluster through this source.
/// </summary>
public interface IClusterSource
{
    /// <summary>The API server, its CA and a bearer-token source for the harness's own requests.</summary>
    ValueTask<KubernetesConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>What a person's kubeconfig for the cluster holds, named <paramref name="clusterName"/>.</summary>
    ValueTask<ClusterKubeconfig> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken);

    /// <summary>The issuer of the cluster's service-account tokens (what IRSA's OIDC provider names), from its discovery document.</summary>
    ValueTask<Uri> GetIssuerAsync(CancellationToken cancellationToken);
}
