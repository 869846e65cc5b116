using System.Collections.Concurrent;
using k8s;

namespace Piksel.Platform.Kubernetes.Clients;

/// <summary>Clients from kubeconfig text per cluster name (a k3s container's, or a test's API server).</summary>
public sealed class KubeconfigClientSource : IKubernetesClientSource, IDisposable
{
    private readonly Func<string, string?> kubeconfigOf;
    private readonly ConcurrentDictionary<string, IKubernetes> clients = new(StringComparer.Ordinal);

    /// <summary>Uses <paramref name="kubeconfigOf"/> (cluster name → kubeconfig text, or null when absent).</summary>
    public KubeconfigClientSource(Func<string, string?> kubeconfigOf) => this.kubeconfigOf = kubeconfigOf;

    /// <summary>One kubeconfig for one cluster name.</summary>
    public KubeconfigClientSource(string clusterName, string kubeconfig)
        : this(name => string.Equals(name, clusterName, StringComparison.Ordinal) ? kubeconfig : null)
    {
    }

    /// <inheritdoc />
    public ValueTask<IKubernetes?> GetClientAsync(string clusterName, CancellationToken cancellationToken)
    {
        var kubeconfig = kubeconfigOf(clusterName);
        return ValueTask.FromResult(kubeconfig is null ? null : clients.GetOrAdd(clusterName, _ => KubernetesClientFactory.FromKubeconfig(kubeconfig)));
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
