using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// An EKS access entry of a recorded cluster, with its access policy associations: recorded as EKS records them. The
/// cluster's own authenticator decides who gets in (a kubeconfig or k3s cluster does not read EKS access entries),
/// which the provider's capabilities say. Output <c>arn</c>, EKS's form
/// (<c>access-entry/&lt;cluster&gt;/role/&lt;account&gt;/&lt;role&gt;/&lt;uuid&gt;</c>).
/// </summary>
/// <param name="records">Where the record is kept.</param>
/// <param name="aws">The provider's AWS access.</param>
public sealed class RecordedAccessEntryHandler(ClusterRecordStore records, AwsHandlerContext aws) : RecordedResourceHandler<EksAccessEntry>(records, aws)
{
    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> OutputsAsync(EksAccessEntry desired, IReadOnlyDictionary<string, string>? kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await RequireClusterAsync(desired.ClusterName, cancellationToken);
        // arn:aws:iam::<account>:role/<path/><name>: EKS names the entry by the principal's account and role name.
        var parts = desired.PrincipalArn.Split(':', 6);
        var principalAccount = parts.Length == 6 ? parts[4] : desired.Account;
        var roleName = parts.Length == 6 ? parts[5][(parts[5].LastIndexOf('/') + 1)..] : desired.PrincipalArn;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AwsResource.ArnOutput] = SubresourceArn(desired, $"access-entry/{desired.ClusterName}/role/{principalAccount}/{roleName}", kept),
        };
    }
}
