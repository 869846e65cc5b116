using System.Collections.Concurrent;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// Clusters made through the EKS API: the connection is what DescribeCluster reports (endpoint, CA) and a bearer
/// token made as <c>aws eks get-token</c> makes it, with the credentials of the cluster's account. The EKS client is
/// kept (see <see cref="AwsHandlerContext.ClientAsync{T}"/>) and a token is reused until a minute before it expires,
/// as kubectl's exec plugin does, instead of presigning one per Kubernetes request. A person's kubeconfig holds the
/// API server's admin certificate when the server runs in this process (<paramref name="admin"/>), else an
/// <c>aws eks get-token</c> entry, as <c>aws eks update-kubeconfig</c> writes it.
/// </summary>
internal sealed class EksApiClusterStrategy(AwsHandlerContext aws, string clusterAccount, EmbeddedClusterAdmin? admin) : IClusterStrategy
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Cluster, string AccessKeyId), EksToken> tokens = new();

    public ClusterStrategyKind Kind => ClusterStrategyKind.EksApi;

    public async ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken) =>
        await DescribeActiveAsync(clusterName, cancellationToken) is { } cluster
            ? new KubernetesConnection(cluster.Endpoint, cluster.CertificateAuthorityData, async ct => new SensitiveString((await TokenAsync(clusterName, ct)).Token))
            : null;

    public async ValueTask<ClusterKubeconfig?> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken)
    {
        if (admin is not null)
        {
            return admin.Find(clusterName);
        }

        return await DescribeActiveAsync(clusterName, cancellationToken) is { } cluster
            ? new ClusterKubeconfig(
                clusterName, cluster.Endpoint, cluster.CertificateAuthorityData, clusterName,
                ExecCredential.AwsEksGetToken(clusterName, aws.Access.Region, aws.Access.ServiceUrlFor("sts")))
            : null;
    }

    /// <summary>The endpoint and CA of an active cluster, or null while it does not exist or is not active yet.</summary>
    private async Task<(Uri Endpoint, string CertificateAuthorityData)?> DescribeActiveAsync(string clusterName, CancellationToken cancellationToken)
    {
        var eks = await aws.ClientAsync(this, clusterAccount, null, options => new EksClient(options), cancellationToken);
        EksCluster cluster;
        try
        {
            // Throttled while the engine waits for the cluster: retryable, as it is for the handlers.
            cluster = await AwsErrors.Guard($"Describing cluster {clusterName}", () => eks.DescribeClusterAsync(clusterName, cancellationToken));
        }
        catch (AwsApiException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }

        return cluster is { Status: "ACTIVE", Endpoint: { } endpoint, CertificateAuthorityData: { Length: > 0 } ca } ? (endpoint, ca) : null;
    }

    private async Task<EksToken> TokenAsync(string clusterName, CancellationToken cancellationToken)
    {
        var options = await aws.OptionsAsync(clusterAccount, null, cancellationToken);
        var identity = await options.ResolveCredentials().GetCredentialsAsync();
        var key = (clusterName, identity.AccessKey);
        if (tokens.TryGetValue(key, out var kept) && TimeProvider.System.GetUtcNow() < kept.ExpiresAt - RenewBefore)
        {
            return kept;
        }

        var token = await new EksTokenGenerator(options).GetTokenAsync(clusterName, cancellationToken);
        tokens[key] = token;
        return token;
    }
}
