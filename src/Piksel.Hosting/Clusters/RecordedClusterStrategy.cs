using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// Clusters of kind <see cref="ClusterStrategyKind.Container"/>: one cluster an <see cref="IClusterSource"/> serves,
/// reachable under the definition's cluster name once the harness has recorded it (applied its <see cref="EksCluster"/>),
/// and absent before, as an EKS cluster not created yet is — so handlers of objects in it report them absent.
/// </summary>
/// <param name="source">The cluster.</param>
/// <param name="records">The record the cluster's handlers keep.</param>
public sealed class RecordedClusterStrategy(IClusterSource source, ClusterRecordStore records) : IClusterStrategy
{
    /// <inheritdoc />
    public ClusterStrategyKind Kind => ClusterStrategyKind.Container;

    /// <inheritdoc />
    public async ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken) =>
        await IsRecordedAsync(clusterName, cancellationToken) ? await source.ConnectAsync(cancellationToken) : null;

    /// <inheritdoc />
    public async ValueTask<ClusterKubeconfig?> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken) =>
        await IsRecordedAsync(clusterName, cancellationToken) ? await source.GetKubeconfigAsync(clusterName, cancellationToken) : null;

    private async Task<bool> IsRecordedAsync(string clusterName, CancellationToken cancellationToken) =>
        await records.FindAsync(nameof(EksCluster), clusterName, cancellationToken) is not null;
}
