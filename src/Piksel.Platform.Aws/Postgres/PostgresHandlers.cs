using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>Registers the handlers of what lives inside an instance's PostgreSQL server.</summary>
public static class PostgresHandlers
{
    /// <summary>
    /// Adds the PostgresDatabase and PostgresRole handlers, reaching servers through <paramref name="database"/>'s
    /// endpoints and Secrets Manager through <paramref name="context"/>; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddPostgresHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context, IDatabaseStrategy database)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var access = new PostgresServerAccess(context, database);
        return registry.Add(new PostgresDatabaseHandler(access)).Add(new PostgresRoleHandler(access));
    }
}
