using Piksel.Emulator.Aws.Rds;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Hosting.LocalStack;

/// <summary>Registers the container-backed RDS handlers, for a provider whose AWS has no RDS API.</summary>
internal static class ContainerRdsHandlers
{
    /// <summary>
    /// Adds the handlers of RdsDbSubnetGroup, RdsDbParameterGroup and RdsDbInstance that keep RDS's record in
    /// <paramref name="records"/> and run instances on <paramref name="servers"/>; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddContainerRdsHandlers(
        this ResourceHandlerRegistry registry, ContainerRdsRecords records, IDatabaseServers servers, AwsHandlerContext aws, string region, string defaultMajor) =>
        registry
            .Add(new ContainerRdsSubnetGroupHandler(records, region))
            .Add(new ContainerRdsParameterGroupHandler(records, region))
            .Add(new ContainerRdsInstanceHandler(records, servers, aws, region, defaultMajor));
}
