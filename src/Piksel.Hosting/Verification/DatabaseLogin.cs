using Npgsql;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Providers;

namespace Piksel.Hosting.Verification;

/// <summary>
/// Opens connections to an instance's server with one login's credentials (no pooling, so every check logs in again).
/// The password lives only in the connection string; nothing this type reports holds it.
/// </summary>
/// <param name="Endpoint">The instance's address and port, as the provider's database strategy gives them.</param>
/// <param name="Username">The role.</param>
/// <param name="Password">Its password, never shown.</param>
internal sealed record DatabaseLogin(DatabaseEndpoint Endpoint, string Username, string Password)
{
    /// <summary>PostgreSQL's code for a privilege the role lacks (CONNECT on a database, INSERT on a table…).</summary>
    public const string InsufficientPrivilege = "42501";

    /// <summary>An open connection to <paramref name="database"/>; a refusal raised as Npgsql raises it, so its SQLSTATE can be checked.</summary>
    public Task<NpgsqlConnection> OpenAsync(string database, CancellationToken cancellationToken) =>
        PostgresServerAccess.ConnectAsync(Endpoint, Username, Password, database, cancellationToken);

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/>, answering its first value.</summary>
    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>What a failed attempt shows: the SQLSTATE and the server's message, or the client's error type (never a password).</summary>
    public static string Describe(Exception e) => e switch
    {
        PostgresException p => $"{p.SqlState} {p.MessageText}",
        NpgsqlException n => $"{n.GetType().Name}: {n.Message}",
        _ => e.GetType().Name,
    };
}
