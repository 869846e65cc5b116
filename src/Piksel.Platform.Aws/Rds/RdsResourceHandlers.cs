using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Rds;

/// <summary>Registers the RDS resource handlers with a provider's registry.</summary>
public static class RdsResourceHandlers
{
    /// <summary>
    /// Adds the handlers of RdsDbSubnetGroup, RdsDbParameterGroup and RdsDbInstance, reaching RDS through
    /// <paramref name="context"/> and the instances' servers through <paramref name="database"/>; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddRdsHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context, IDatabaseStrategy database)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new RdsDbSubnetGroupHandler(context))
            .Add(new RdsDbParameterGroupHandler(context))
            .Add(new RdsDbInstanceHandler(context, database));
    }
}
