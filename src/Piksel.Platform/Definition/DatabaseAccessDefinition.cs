using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Database;

namespace Piksel.Platform.Definition;

/// <summary>
/// What lives inside the database server (PLATFORM.md "Database"): the databases <c>argo</c>, <c>jupyterhub</c>,
/// <c>grafana</c>, <c>stac</c> and <c>odc</c> owned by the master, and the login roles with their generated passwords
/// and rights — read/write on their database, or read-only (also on tables made later).
/// </summary>
internal sealed class DatabaseAccessDefinition : IDefinitionArea
{
    /// <summary>The application databases, each owned by the master.</summary>
    public static IReadOnlyList<string> Databases { get; } = ["argo", "jupyterhub", "grafana", "stac", "odc"];

    /// <summary>
    /// Each login role's database and access; its password secret is <see cref="SecretSyncDefinition.DatabaseLogins"/>'
    /// (the same table the Kubernetes Secrets are synchronised from), so the credential a workload gets is the role's.
    /// A read-only role reads the tables of the master and of its database's read/write role (when there is one).
    /// </summary>
    public static IReadOnlyList<(string Role, string Database, PostgresAccess Access)> Logins { get; } =
    [
        ("argo", "argo", PostgresAccess.ReadWrite),
        ("jupyterhub", "jupyterhub", PostgresAccess.ReadWrite),
        ("stac", "stac", PostgresAccess.ReadWrite),
        ("odc", "odc", PostgresAccess.ReadWrite),
        ("grafana", "grafana", PostgresAccess.ReadOnly),
        ("stacread", "stac", PostgresAccess.ReadOnly),
        ("odcread", "odc", PostgresAccess.ReadOnly),
    ];

    private readonly List<PlatformResource> resources = [];

    /// <summary>The databases and roles inside <paramref name="database"/>'s server, passwords from <paramref name="secrets"/>.</summary>
    public DatabaseAccessDefinition(DefinitionContext context, DatabaseDefinition database, SecretsDefinition secrets)
    {
        _ = context;
        var masterSecret = secrets.Ids["database-password"];
        var master = database.MasterUsername;
        string Arn(ResourceId secret) => new OutputRef(secret, "arn").Token;

        // Everything waits for the instance; while the database area does not declare it yet, there is nothing to wait for.
        ResourceId[] instance = database.Resources.Any(r => r.Id == database.Instance) ? [database.Instance] : [];

        var databases = Databases.ToDictionary(name => name, name => new PostgresDatabase
        {
            Name = name,
            Instance = database.InstanceIdentifier,
            MasterUsername = master,
            MasterPasswordSecretArn = Arn(masterSecret),
            Owner = master,
            DependsOn = instance,
        }, StringComparer.Ordinal);
        resources.AddRange(databases.Values);

        var roles = new Dictionary<string, PostgresRole>(StringComparer.Ordinal);
        foreach (var (role, db, access) in Logins)
        {
            var secret = SecretSyncDefinition.DatabaseLogins.Single(l => l.User == role).Secret;
            var writer = Logins.Where(l => l.Database == db && l.Access == PostgresAccess.ReadWrite).Select(l => l.Role).ToArray();
            roles[role] = new PostgresRole
            {
                Name = role,
                Instance = database.InstanceIdentifier,
                MasterUsername = master,
                MasterPasswordSecretArn = Arn(masterSecret),
                PasswordSecretArn = Arn(secrets.Ids[secret]),
                Database = db,
                Access = access,
                ReadsTablesOf = access == PostgresAccess.ReadOnly ? [master, .. writer] : [],
                DependsOn = [.. instance, databases[db].Id, .. access == PostgresAccess.ReadOnly ? writer.Select(w => roles[w].Id) : []],
            };
        }

        resources.AddRange(roles.Values);
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];
}
