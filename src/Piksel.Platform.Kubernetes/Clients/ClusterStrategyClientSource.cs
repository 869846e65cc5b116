using System.Collections.Concurrent;
using k8s;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Kubernetes.Clients;

/// <summary>Clients through an <see cref="IClusterStrategy"/>: one per cluster and API server, kept once made.</summary>
public sealed class ClusterStrategyClientSource(IClusterStrategy strategy) : IKubernetesClientSource, IDisposable
{
    private readonly ConcurrentDictionary<(string Cluster, Uri Server, string Ca), IKubernetes> clients = new();

    /// <inheritdoc />
    public async ValueTask<IKubernetes?> GetClientAsync(string clusterName, CancellationToken cancellationToken)
    {
        var connection = await strategy.ConnectAsync(clusterName, cancellationToken);
        if (connection is null)
        {
            return null;
        }

        // A cluster recreated under the same name has a new endpoint and CA, so they are part of the key.
        return clients.GetOrAdd((clusterName, connection.Server, connection.CertificateAuthorityData), _ => KubernetesClientFactory.FromConnection(connection));
    }

    /// <summary>Disposes every client made.</summary>
    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        clients.Clear();
    }
}
