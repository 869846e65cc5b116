using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Rds;

/// <summary>Registers the RDS resource handlers with a provider's registry.</summary>
public static class RdsResourceHandlers
{
    /// <summary>
    /// Adds the handlers of RdsDbSubnetGroup, RdsDbParameterGroup and RdsDbInstance, reaching RDS through
    /// <paramref name="context"/> and the instances' servers through <paramref name="database"/>, waiting for RDS states as
    /// long as <paramref name="waits"/> says (default: <see cref="AwsWaits"/>'s defaults); returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddRdsHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context, IDatabaseStrategy database, AwsWaits? waits = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var wait = (waits ?? new AwsWaits()).RdsState;
        return registry
            .Add(new RdsDbSubnetGroupHandler(context) { StateWait = wait })
            .Add(new RdsDbParameterGroupHandler(context) { StateWait = wait })
            .Add(new RdsDbInstanceHandler(context, database) { StateWait = wait });
    }
}
