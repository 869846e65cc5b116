using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// An EKS cluster that is an <see cref="IClusterSource"/>'s (a k3s container, a kubeconfig context): applying it records
/// it once the source answers, and its outputs are what DescribeCluster would report — the API server's URL and CA as
/// the source connects, the issuer its discovery document names (read again on every read, so a restarted container's
/// new port shows), its ARN, and the cluster security group (<see cref="ClusterSecurityGroups"/>). Deleting it forgets
/// its add-ons, Fargate profiles and access entries with it, as EKS does, and deletes its security group; the cluster
/// itself is the source's and is left running.
/// </summary>
/// <param name="records">Where the record is kept.</param>
/// <param name="aws">The provider's AWS access.</param>
/// <param name="source">The cluster.</param>
public sealed class RecordedClusterHandler(ClusterRecordStore records, AwsHandlerContext aws, IClusterSource source)
    : RecordedResourceHandler<EksCluster>(records, aws)
{
    private readonly ClusterSecurityGroups securityGroups = new(aws);

    /// <inheritdoc />
    public override async Task<Observed<EksCluster>?> ReadAsync(EksCluster desired, CancellationToken cancellationToken)
    {
        if (await base.ReadAsync(desired, cancellationToken) is not { } recorded)
        {
            return null;
        }

        var outputs = new Dictionary<string, string>(recorded.Outputs, StringComparer.Ordinal);
        await AddLiveOutputsAsync(outputs, cancellationToken);
        return recorded with { Outputs = outputs };
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> OutputsAsync(EksCluster desired, IReadOnlyDictionary<string, string>? kept, CancellationToken cancellationToken)
    {
        var arn = $"arn:aws:eks:{RegionOf(desired)}:{desired.Account}:cluster/{desired.Name}";
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { [AwsResource.ArnOutput] = arn };
        await AddLiveOutputsAsync(outputs, cancellationToken);
        outputs[EksCluster.ClusterSecurityGroupIdOutput] = kept?.GetValueOrDefault(EksCluster.ClusterSecurityGroupIdOutput)
            ?? await securityGroups.EnsureAsync(desired, RegionOf(desired), arn, cancellationToken);
        return outputs;
    }

    /// <inheritdoc />
    protected override async Task ForgetAsync(Observed<EksCluster> actual, CancellationToken cancellationToken)
    {
        var cluster = actual.State;
        if (actual.Outputs.GetValueOrDefault(EksCluster.ClusterSecurityGroupIdOutput) is { } group)
        {
            await securityGroups.DeleteAsync(cluster.Account, RegionOf(cluster), group, cancellationToken);
        }

        // EKS deletes a cluster's add-ons and access entries with it (the engine has deleted them first anyway).
        var prefix = cluster.Name + "/";
        foreach (var kind in new[] { nameof(EksAddon), nameof(EksFargateProfile), nameof(EksAccessEntry) })
        {
            await Records.RemoveAsync(kind, key => key.StartsWith(prefix, StringComparison.Ordinal), cancellationToken);
        }
    }

    private async Task AddLiveOutputsAsync(Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var connection = await source.ConnectAsync(cancellationToken);
        outputs[EksCluster.EndpointOutput] = connection.Server.ToString().TrimEnd('/');
        outputs[EksCluster.CertificateAuthorityOutput] = connection.CertificateAuthorityData;
        outputs[EksCluster.OidcIssuerOutput] = (await source.GetIssuerAsync(cancellationToken)).ToString().TrimEnd('/');
    }
}
