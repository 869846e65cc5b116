using Npgsql;
using Respawn;

namespace Piksel.Testing;

/// <summary>
/// Empties the tables of the application databases between tests (Respawn over Npgsql, schema <c>public</c>) as the
/// master, so tests that write stay independent without recreating the server. Roles, grants and default privileges
/// are left as they are: Respawn deletes rows, never objects. Link this file into any suite that needs it.
/// </summary>
public sealed class DatabaseReset
{
    private readonly string host;
    private readonly int port;
    private readonly string username;
    private readonly string password;
    private readonly IReadOnlyList<string> databases;

    /// <summary>A reset of <paramref name="databases"/> on the server at <paramref name="host"/>:<paramref name="port"/>, as <paramref name="username"/>.</summary>
    public DatabaseReset(string host, int port, string username, string password, IReadOnlyList<string> databases)
    {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.databases = databases;
    }

    /// <summary>Deletes every row of every table in schema <c>public</c> of each database.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        foreach (var database in databases)
        {
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = host,
                Port = port,
                Username = username,
                Password = password,
                Database = database,
                Pooling = false,
            };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection))
            {
                // Respawn refuses a database without tables; there is nothing to empty there anyway.
                if (await tables.ExecuteScalarAsync(cancellationToken) is 0L)
                {
                    continue;
                }
            }

            // Made per reset: tables made since the last one (by the test) must be emptied too.
            var respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                SchemasToInclude = ["public"],
            });
            await respawner.ResetAsync(connection);
        }
    }
}
