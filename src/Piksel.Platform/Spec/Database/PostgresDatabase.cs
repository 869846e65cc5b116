namespace Piksel.Platform.Spec.Database;

/// <summary>
/// A database in an instance's server, owned by the master, with <c>CONNECT</c> and <c>TEMPORARY</c> revoked from
/// <c>PUBLIC</c> (PostgreSQL grants both to every role on a new database), so only the roles granted it may open it.
/// </summary>
public sealed record PostgresDatabase : PostgresServerResource
{
    /// <summary>The role that owns the database (no default: the definition names the master).</summary>
    public required string Owner { get; init; }

    /// <summary>The database privileges <c>PUBLIC</c> holds, sorted. Default: none.</summary>
    public IReadOnlyList<string> PublicPrivileges { get; init; } = [];
}
