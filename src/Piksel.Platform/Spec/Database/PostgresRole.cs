namespace Piksel.Platform.Spec.Database;

/// <summary>
/// A login role in an instance's server, with its password from a Secrets Manager secret and the rights of its
/// <see cref="Access"/> on one database. Its <see cref="Rights"/> are compared as a whole: any right beyond them (a
/// grant made behind the engine's back) is drift, and apply revokes it.
/// </summary>
public sealed record PostgresRole : PostgresServerResource
{
    /// <summary><see cref="Password"/> when the role logs in with the secret's current value.</summary>
    public const string PasswordCurrent = "current";

    /// <summary><see cref="Password"/> when the server refuses the secret's current value (rotated, or changed in the server).</summary>
    public const string PasswordStale = "stale";

    private readonly IReadOnlyList<string>? rights;

    /// <summary>The ARN (or token) of the secret holding the role's password (no default).</summary>
    public required string PasswordSecretArn { get; init; }

    /// <summary>The database the role works in (no default).</summary>
    public required string Database { get; init; }

    /// <summary>Read/write or read-only (no default).</summary>
    public required PostgresAccess Access { get; init; }

    /// <summary>
    /// For a read-only role: the roles whose tables, made later, it may read (the master and the database's read/write
    /// role). Default: none.
    /// </summary>
    public IReadOnlyList<string> ReadsTablesOf { get; init; } = [];

    /// <summary>
    /// Whether the server accepts the secret's current password: <see cref="PasswordCurrent"/> (default) or
    /// <see cref="PasswordStale"/>, which apply repairs by setting the password (rotation).
    /// </summary>
    public string Password { get; init; } = PasswordCurrent;

    /// <summary>
    /// The rights the role holds, normalised (<see cref="PostgresRights"/>). Default: exactly those its access grants;
    /// a handler reports what it observes.
    /// </summary>
    public IReadOnlyList<string> Rights
    {
        get => rights ?? PostgresRights.Expected(this);
        init => rights = value;
    }
}
