using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// Clusters made through the EKS API: the connection is what DescribeCluster reports (endpoint, CA) and a bearer
/// token made as <c>aws eks get-token</c> makes it, with the credentials of the cluster's account.
/// </summary>
internal sealed class EksApiClusterStrategy(AwsHandlerContext aws, string clusterAccount) : IClusterStrategy
{
    public ClusterStrategyKind Kind => ClusterStrategyKind.EksApi;

    public async ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken)
    {
        var options = await aws.OptionsAsync(clusterAccount, null, cancellationToken).ConfigureAwait(false);
        EksCluster cluster;
        try
        {
            cluster = await new EksClient(options).DescribeClusterAsync(clusterName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }

        if (cluster is not { Status: "ACTIVE", Endpoint: { } endpoint, CertificateAuthorityData: { Length: > 0 } ca })
        {
            return null;
        }

        var tokens = new EksTokenGenerator(options);
        return new KubernetesConnection(endpoint, ca, async ct =>
            new SensitiveString((await tokens.GetTokenAsync(clusterName, ct).ConfigureAwait(false)).Token));
    }
}
