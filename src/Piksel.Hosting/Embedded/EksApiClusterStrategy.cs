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
/// as kubectl's exec plugin does, instead of presigning one per Kubernetes request.
/// </summary>
internal sealed class EksApiClusterStrategy(AwsHandlerContext aws, string clusterAccount) : IClusterStrategy
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Cluster, string AccessKeyId), EksToken> tokens = new();

    public ClusterStrategyKind Kind => ClusterStrategyKind.EksApi;

    public async ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken)
    {
        var eks = await aws.ClientAsync(this, clusterAccount, null, options => new EksClient(options), cancellationToken).ConfigureAwait(false);
        EksCluster cluster;
        try
        {
            cluster = await eks.DescribeClusterAsync(clusterName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }

        if (cluster is not { Status: "ACTIVE", Endpoint: { } endpoint, CertificateAuthorityData: { Length: > 0 } ca })
        {
            return null;
        }

        return new KubernetesConnection(endpoint, ca, async ct =>
            new SensitiveString((await TokenAsync(clusterName, ct).ConfigureAwait(false)).Token));
    }

    private async Task<EksToken> TokenAsync(string clusterName, CancellationToken cancellationToken)
    {
        var options = await aws.OptionsAsync(clusterAccount, null, cancellationToken).ConfigureAwait(false);
        var identity = await options.ResolveCredentials().GetCredentialsAsync().ConfigureAwait(false);
        var key = (clusterName, identity.AccessKey);
        if (tokens.TryGetValue(key, out var kept) && TimeProvider.System.GetUtcNow() < kept.ExpiresAt - RenewBefore)
        {
            return kept;
        }

        var token = await new EksTokenGenerator(options).GetTokenAsync(clusterName, cancellationToken).ConfigureAwait(false);
        tokens[key] = token;
        return token;
    }
}
