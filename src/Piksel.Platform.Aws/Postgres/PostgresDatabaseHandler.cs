using Npgsql;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Database;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// Databases inside an instance's server, made as its master: created owned by <see cref="PostgresDatabase.Owner"/>,
/// <c>PUBLIC</c>'s default CONNECT and TEMPORARY revoked. Observes existence, owner and PUBLIC's privileges; drift is
/// repaired. <c>ListManaged</c> finds nothing: a server's databases carry no tags, and destroying the instance removes them.
/// </summary>
/// <param name="access">How to reach the servers.</param>
public sealed class PostgresDatabaseHandler(PostgresServerAccess access) : IResourceHandler<PostgresDatabase>
{
    /// <summary>The database every PostgreSQL server has, which server-wide statements run in.</summary>
    public const string MaintenanceDatabase = "postgres";

    private const string ReadSql = """
        SELECT pg_get_userbyid(datdba),
               COALESCE((SELECT array_agg(a.privilege_type::text) FROM aclexplode(COALESCE(datacl, acldefault('d', datdba))) a WHERE a.grantee = 0), '{}')
        FROM pg_database WHERE datname = @name
        """;

    /// <inheritdoc />
    public async Task<Observed<PostgresDatabase>?> ReadAsync(PostgresDatabase desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (await access.EndpointAsync(desired, cancellationToken) is not { } endpoint)
        {
            return null;
        }

        await using var server = await access.MasterAsync(desired, endpoint, MaintenanceDatabase, cancellationToken);
        return await ReadAsync(server, desired, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(PostgresDatabase desired, Observed<PostgresDatabase>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var endpoint = await access.EndpointAsync(desired, cancellationToken)
            ?? throw new RetryableResourceException($"Database {desired.Name}: instance {desired.Instance} has no endpoint yet.");
        await using var server = await access.MasterAsync(desired, endpoint, MaintenanceDatabase, cancellationToken);
        var what = $"Applying database {desired.Name} in {desired.Instance}";
        var name = PostgresSql.Identifier(desired.Name);
        var state = (await ReadAsync(server, desired, cancellationToken))?.State;
        if (state is null)
        {
            try
            {
                await ExecuteAsync(server, $"CREATE DATABASE {name} OWNER {PostgresSql.Identifier(desired.Owner)}", what, cancellationToken);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("(42P04", StringComparison.Ordinal))
            {
                // duplicate_database: made by an earlier attempt meanwhile; converge from what is there.
            }

            state = (await ReadAsync(server, desired, cancellationToken))?.State
                ?? throw new RetryableResourceException($"Database {desired.Name} not yet visible after creation.");
        }

        if (state.Owner != desired.Owner)
        {
            await ExecuteAsync(server, $"ALTER DATABASE {name} OWNER TO {PostgresSql.Identifier(desired.Owner)}", what, cancellationToken);
        }

        if (!state.PublicPrivileges.ToHashSet(StringComparer.Ordinal).SetEquals(desired.PublicPrivileges))
        {
            await ExecuteAsync(server, $"REVOKE ALL ON DATABASE {name} FROM PUBLIC", what, cancellationToken);
            if (desired.PublicPrivileges.Count > 0)
            {
                await ExecuteAsync(server, $"GRANT {string.Join(", ", desired.PublicPrivileges)} ON DATABASE {name} TO PUBLIC", what, cancellationToken);
            }
        }

        return new Dictionary<string, string>();
    }

    /// <inheritdoc />
    /// <remarks>Sessions still open in it are ended (<c>WITH (FORCE)</c>); a database already gone is not an error.</remarks>
    public async Task DeleteAsync(Observed<PostgresDatabase> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (await access.EndpointAsync(actual.State, cancellationToken) is not { } endpoint)
        {
            return;
        }

        await using var server = await access.MasterAsync(actual.State, endpoint, MaintenanceDatabase, cancellationToken);
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {PostgresSql.Identifier(actual.State.Name)} WITH (FORCE)",
            $"Deleting database {actual.State.Name} in {actual.State.Instance}", cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<PostgresDatabase>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Observed<PostgresDatabase>>>([]);

    private static Task<Observed<PostgresDatabase>?> ReadAsync(NpgsqlConnection server, PostgresDatabase desired, CancellationToken cancellationToken) =>
        PostgresFailure.Guard($"Reading database {desired.Name} in {desired.Instance}", async () =>
        {
            await using var command = new NpgsqlCommand(ReadSql, server);
            command.Parameters.AddWithValue("name", desired.Name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var state = desired with
            {
                Owner = reader.GetString(0),
                PublicPrivileges = reader.GetFieldValue<string[]>(1).Order(StringComparer.Ordinal).ToArray(),
            };
            return new Observed<PostgresDatabase>(state, new Dictionary<string, string>());
        });

    private static Task ExecuteAsync(NpgsqlConnection connection, string sql, string what, CancellationToken cancellationToken) =>
        PostgresFailure.Guard(what, async () =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
}
