using k8s;

namespace Piksel.Platform.Kubernetes.Clients;

/// <summary>Where the handlers get a client for a cluster; null while the cluster does not exist.</summary>
public interface IKubernetesClientSource
{
    /// <summary>A client for <paramref name="clusterName"/>, or null while there is no such cluster.</summary>
    ValueTask<IKubernetes?> GetClientAsync(string clusterName, CancellationToken cancellationToken);
}
