using System.Collections.Concurrent;
using k8s;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Kubernetes.Clients;

/// <summary>Where the handlers get a client for a cluster; null while the cluster does not exist.</summary>
public interface IKubernetesClientSource
{
    /// <summary>A client for <paramref name="clusterName"/>, or null while there is no such cluster.</summary>
    ValueTask<IKubernetes?> GetClientAsync(string clusterName, CancellationToken cancellationToken);
}

/// <summary>Clients through an <see cref="IClusterStrategy"/>: one per cluster and API server, kept once made.</summary>
public sealed class ClusterStrategyClientSource(IClusterStrategy strategy) : IKubernetesClientSource, IDisposable
{
    private readonly ConcurrentDictionary<(string Cluster, Uri Server, string Ca), IKubernetes> _clients = new();

    /// <inheritdoc />
    public async ValueTask<IKubernetes?> GetClientAsync(string clusterName, CancellationToken cancellationToken)
    {
        var connection = await strategy.ConnectAsync(clusterName, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        // A cluster recreated under the same name has a new endpoint and CA, so they are part of the key.
        return _clients.GetOrAdd((clusterName, connection.Server, connection.CertificateAuthorityData), _ => KubernetesClientFactory.FromConnection(connection));
    }

    /// <summary>Disposes every client made.</summary>
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}

/// <summary>Clients from kubeconfig text per cluster name (a k3s container's, or a test's API server).</summary>
public sealed class KubeconfigClientSource : IKubernetesClientSource, IDisposable
{
    private readonly Func<string, string?> _kubeconfigOf;
    private readonly ConcurrentDictionary<string, IKubernetes> _clients = new(StringComparer.Ordinal);

    /// <summary>Uses <paramref name="kubeconfigOf"/> (cluster name → kubeconfig text, or null when absent).</summary>
    public KubeconfigClientSource(Func<string, string?> kubeconfigOf) => _kubeconfigOf = kubeconfigOf;

    /// <summary>One kubeconfig for one cluster name.</summary>
    public KubeconfigClientSource(string clusterName, string kubeconfig)
        : this(name => string.Equals(name, clusterName, StringComparison.Ordinal) ? kubeconfig : null)
    {
    }

    /// <inheritdoc />
    public ValueTask<IKubernetes?> GetClientAsync(string clusterName, CancellationToken cancellationToken)
    {
        var kubeconfig = _kubeconfigOf(clusterName);
        return ValueTask.FromResult(kubeconfig is null ? null : _clients.GetOrAdd(clusterName, _ => KubernetesClientFactory.FromKubeconfig(kubeconfig)));
    }

    /// <summary>Disposes every client made.</summary>
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}
