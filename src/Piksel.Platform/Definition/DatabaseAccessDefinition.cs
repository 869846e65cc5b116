using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>
/// What lives inside the database server (PLATFORM.md "Database"): the databases <c>argo</c>, <c>jupyterhub</c>,
/// <c>grafana</c>, <c>stac</c> and <c>odc</c> owned by the master, and the login roles with their generated passwords
/// and rights — read/write on their database, or read-only (also on tables made later).
/// </summary>
internal sealed class DatabaseAccessDefinition : IDefinitionArea
{
    private readonly List<PlatformResource> resources = [];

    /// <summary>The databases and roles inside <paramref name="database"/>'s server, passwords from <paramref name="secrets"/>.</summary>
    public DatabaseAccessDefinition(DefinitionContext context, DatabaseDefinition database, SecretsDefinition secrets)
    {
        _ = context;
        _ = database;
        _ = secrets;
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];
}
