using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Hosting.Clusters;

/// <summary>Registers the recorded EKS handlers in place of the EKS API's, for providers whose cluster is an <see cref="IClusterSource"/>.</summary>
public static class RecordedClusterHandlers
{
    /// <summary>
    /// Adds the handlers of EksCluster, EksAddon, EksFargateProfile and EksAccessEntry that keep their record in
    /// <paramref name="records"/>, the cluster being <paramref name="source"/>'s; returns the registry. Use with
    /// <see cref="AwsResourceHandlers.AddAwsHandlersButEks"/>.
    /// </summary>
    public static ResourceHandlerRegistry AddRecordedEksHandlers(
        this ResourceHandlerRegistry registry, AwsHandlerContext aws, IClusterSource source, ClusterRecordStore records)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new RecordedClusterHandler(records, aws, source))
            .Add(new RecordedAddonHandler(records, aws))
            .Add(new RecordedFargateProfileHandler(records, aws))
            .Add(new RecordedAccessEntryHandler(records, aws));
    }
}
