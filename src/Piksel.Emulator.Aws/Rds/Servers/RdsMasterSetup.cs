using Npgsql;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// Makes a fresh server look like a new RDS for PostgreSQL instance, over a connection as its bootstrap superuser: a
/// NOLOGIN <c>rds_superuser</c> role, the master role (LOGIN, CREATEDB, CREATEROLE, NOSUPERUSER, a member of
/// <c>rds_superuser</c>) and the initial database owned by the master — so the master can make roles and databases but
/// is no real superuser, as on RDS.
/// </summary>
/// <remarks>
/// Role and database names and the password are quoted by the server (<c>format('%I', …)</c>, <c>format('%L', …)</c>) from
/// bound parameters, so no value can break out of its place whatever it holds. Passwords are never logged.
/// </remarks>
public static class RdsMasterSetup
{
    /// <summary>The role RDS makes its master user a member of.</summary>
    public const string SuperuserGroup = "rds_superuser";

    /// <summary>Makes <c>rds_superuser</c>, the master role and (when named) the initial database.</summary>
    public static async Task ApplyAsync(NpgsqlConnection bootstrap, DatabaseServerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentNullException.ThrowIfNull(request);
        // rds_superuser on RDS may watch and end sessions (pg_monitor, pg_signal_backend); roles and databases it gets
        // from the master's own CREATEROLE and CREATEDB.
        await ExecuteAsync(bootstrap, "SELECT format('CREATE ROLE %I NOLOGIN', @group)", new() { ["group"] = SuperuserGroup }, cancellationToken);
        await ExecuteAsync(bootstrap, "SELECT format('GRANT pg_monitor, pg_signal_backend TO %I', @group)", new() { ["group"] = SuperuserGroup }, cancellationToken);
        await ExecuteAsync(
            bootstrap,
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER CREATEDB CREATEROLE INHERIT IN ROLE %I', @master, @password, @group)",
            new() { ["master"] = request.MasterUsername, ["password"] = request.MasterPassword, ["group"] = SuperuserGroup },
            cancellationToken);
        if (!string.IsNullOrEmpty(request.DatabaseName))
        {
            await ExecuteAsync(
                bootstrap,
                "SELECT format('CREATE DATABASE %I OWNER %I', @database, @master)",
                new() { ["database"] = request.DatabaseName, ["master"] = request.MasterUsername },
                cancellationToken);
        }
    }

    /// <summary>Sets the password of the role <paramref name="username"/> (ModifyDBInstance's MasterUserPassword).</summary>
    public static Task SetPasswordAsync(NpgsqlConnection bootstrap, string username, string password, CancellationToken cancellationToken) =>
        ExecuteAsync(bootstrap, "SELECT format('ALTER ROLE %I PASSWORD %L', @role, @password)", new() { ["role"] = username, ["password"] = password }, cancellationToken);

    // Utility statements (CREATE ROLE, ALTER ROLE…) take no bind parameters: the server quotes the values into the
    // statement, which then runs on the same connection.
    private static async Task ExecuteAsync(NpgsqlConnection connection, string formatQuery, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        string statement;
        await using (var format = new NpgsqlCommand(formatQuery, connection))
        {
            foreach (var (name, value) in values) format.Parameters.AddWithValue(name, value);
            statement = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
