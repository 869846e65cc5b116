namespace Piksel.Platform.Spec.Database;

/// <summary>
/// Something that lives inside the PostgreSQL server of an RDS instance (a database, a login role), made through the
/// instance's master credentials. Names are unique per server, so the key is <c>&lt;instance&gt;/&lt;name&gt;</c>.
/// </summary>
public abstract record PostgresServerResource : PlatformResource
{
    /// <summary>The RDS instance's identifier (no default).</summary>
    [ForceNew]
    public required string Instance { get; init; }

    /// <summary>The master role the handler connects as (no default).</summary>
    public required string MasterUsername { get; init; }

    /// <summary>The ARN (or token) of the secret holding the master password (no default).</summary>
    public required string MasterPasswordSecretArn { get; init; }

    /// <inheritdoc />
    [NotAttribute]
    public override string Key => $"{Instance}/{Name}";
}
