using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// A Fargate profile of a recorded cluster: recorded with its selectors, subnets and pod execution role (no pod of a
/// container or kubeconfig cluster runs on Fargate, which the provider's capabilities say). EKS's limit of five
/// selectors holds. Output <c>arn</c>, EKS's form.
/// </summary>
/// <param name="records">Where the record is kept.</param>
/// <param name="aws">The provider's AWS access.</param>
public sealed class RecordedFargateProfileHandler(ClusterRecordStore records, AwsHandlerContext aws) : RecordedResourceHandler<EksFargateProfile>(records, aws)
{
    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> OutputsAsync(EksFargateProfile desired, IReadOnlyDictionary<string, string>? kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Selectors.Count is 0 or > 5)
        {
            // EKS's InvalidParameterException for a profile without selectors or with more than five.
            throw new InvalidOperationException($"Fargate profile {desired.Name}: a profile has between 1 and 5 selectors; it has {desired.Selectors.Count}.");
        }

        await RequireClusterAsync(desired.ClusterName, cancellationToken);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AwsResource.ArnOutput] = SubresourceArn(desired, $"fargateprofile/{desired.ClusterName}/{desired.ProfileName}", kept),
        };
    }
}
