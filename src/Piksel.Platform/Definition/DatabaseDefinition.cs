using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>
/// The database (PLATFORM.md "Database"): a DB subnet group on the private subnets, a security group admitting
/// PostgreSQL from the cluster's security group, and the RDS instance <c>piksel-&lt;env&gt;-app-db</c> encrypted with the
/// platform key, master <c>piksel_&lt;env&gt;</c> with the <c>database-password</c> secret, database <c>piksel</c>; the
/// in-cluster name <c>database/db-endpoint</c> points at it. What lives inside the server (databases, login roles, grants)
/// is <see cref="DatabaseAccessDefinition"/>'s.
/// </summary>
internal sealed class DatabaseDefinition : IDefinitionArea
{
    /// <summary>The database the instance is created with.</summary>
    public const string DatabaseName = "piksel";

    /// <summary>PostgreSQL's port, which the security group admits and the in-cluster Service names.</summary>
    public const int Port = 5432;

    private readonly List<PlatformResource> resources = [];

    /// <summary>The database of <paramref name="context"/>'s environment.</summary>
    public DatabaseDefinition(DefinitionContext context, SecretsDefinition secrets)
    {
        var environment = context.Settings.Name;
        InstanceIdentifier = $"piksel-{environment}-app-db";
        MasterUsername = $"piksel_{environment.Replace('-', '_')}";
        MasterPasswordSecret = secrets.Ids["database-password"];
    }

    /// <summary>The RDS instance's identifier.</summary>
    public string InstanceIdentifier { get; }

    /// <summary>The instance's resource (an <c>RdsDbInstance</c>): what lives inside the server waits for it.</summary>
    public ResourceId Instance => new("RdsDbInstance", InstanceIdentifier);

    /// <summary>The master role.</summary>
    public string MasterUsername { get; }

    /// <summary>The secret holding the master password (<c>database-password</c>).</summary>
    public ResourceId MasterPasswordSecret { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];
}
