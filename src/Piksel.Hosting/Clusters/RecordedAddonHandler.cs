using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// An EKS add-on of a recorded cluster: its version, IRSA role and configuration are recorded as EKS records them
/// (the add-on's workloads are the cluster's own business there). Output <c>arn</c>, EKS's form.
/// </summary>
/// <param name="records">Where the record is kept.</param>
/// <param name="aws">The provider's AWS access.</param>
public sealed class RecordedAddonHandler(ClusterRecordStore records, AwsHandlerContext aws) : RecordedResourceHandler<EksAddon>(records, aws)
{
    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> OutputsAsync(EksAddon desired, IReadOnlyDictionary<string, string>? kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await RequireClusterAsync(desired.ClusterName, cancellationToken);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AwsResource.ArnOutput] = SubresourceArn(desired, $"addon/{desired.ClusterName}/{desired.AddonName}", kept),
        };
    }
}
