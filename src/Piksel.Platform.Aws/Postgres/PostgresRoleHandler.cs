using Npgsql;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Database;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// Login roles inside an instance's server, made as its master. Observes the rights the role holds (attributes,
/// memberships, CONNECT on every database of the server, and in its database schema, table, sequence and default
/// privileges) as <see cref="PostgresRole.Rights"/>, and its password by logging in with the secret's current value
/// (the master cannot read <c>pg_authid</c> on RDS). Apply grants what is missing, revokes what is beyond, and sets
/// the password when the server refuses the secret's (rotation). The password is sent as a SCRAM verifier when it
/// can be, so the clear value never reaches the server. <c>ListManaged</c> finds nothing: roles carry no tags.
/// </summary>
/// <param name="access">How to reach the servers.</param>
public sealed class PostgresRoleHandler(PostgresServerAccess access) : IResourceHandler<PostgresRole>
{
    /// <inheritdoc />
    public async Task<Observed<PostgresRole>?> ReadAsync(PostgresRole desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (OutputRef.HasTokens(desired.PasswordSecretArn) || await access.EndpointAsync(desired, cancellationToken) is not { } endpoint)
        {
            return null;
        }

        await using var server = await access.MasterAsync(desired, endpoint, PostgresDatabaseHandler.MaintenanceDatabase, cancellationToken);
        if (!await PostgresFailure.Guard(What("Reading", desired), () => RoleRightsReader.ExistsAsync(server, desired.Name, cancellationToken)))
        {
            return null;
        }

        var (rights, _) = await ReadRightsAsync(server, endpoint, desired, cancellationToken);
        var password = await access.SecretAsync(desired.PasswordSecretArn, cancellationToken);
        var current = await PostgresServerAccess.AcceptsPasswordAsync(endpoint, desired.Name, password, desired.Database, cancellationToken);
        var state = desired with
        {
            Rights = rights.Lines(desired.Access),
            Password = current ? PostgresRole.PasswordCurrent : PostgresRole.PasswordStale,
        };
        return new Observed<PostgresRole>(state, new Dictionary<string, string>());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(PostgresRole desired, Observed<PostgresRole>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var endpoint = await access.EndpointAsync(desired, cancellationToken)
            ?? throw new RetryableResourceException($"Role {desired.Name}: instance {desired.Instance} has no endpoint yet.");
        var what = What("Applying", desired);
        var role = PostgresSql.Identifier(desired.Name);
        await using var server = await access.MasterAsync(desired, endpoint, PostgresDatabaseHandler.MaintenanceDatabase, cancellationToken);
        var password = await access.SecretAsync(desired.PasswordSecretArn, cancellationToken);
        if (!await PostgresFailure.Guard(what, () => RoleRightsReader.ExistsAsync(server, desired.Name, cancellationToken)))
        {
            // A role made meanwhile by an earlier attempt (42710) falls through to the password check below.
            await TryAsync(server, $"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD {PasswordLiteral(password)}",
                what, sensitive: true, cancellationToken);
        }

        if (!await PostgresServerAccess.AcceptsPasswordAsync(endpoint, desired.Name, password, desired.Database, cancellationToken))
        {
            await RoleRightsRepair.RunAsync(server, [$"ALTER ROLE {role} PASSWORD {PasswordLiteral(password)}"], $"{what}: setting its password", cancellationToken, sensitive: true);
        }

        // The master grants on, and sets default privileges for, the roles whose tables this one reads: it must be a member of them.
        foreach (var creator in PostgresRights.DefaultsFrom(desired).Where(c => c != desired.MasterUsername))
        {
            await RoleRightsRepair.RunAsync(server, await MembershipAsync(server, creator, what, cancellationToken), what, cancellationToken);
        }

        var (rights, inDatabase) = await ReadRightsAsync(server, endpoint, desired, cancellationToken, keepOpen: true);
        await using (inDatabase)
        {
            var wanted = RoleRights.Desired(desired, rights.Relations.Keys);
            await RoleRightsRepair.RunAsync(server, RoleRightsRepair.ServerStatements(desired.Name, rights, wanted), what, cancellationToken);
            if (inDatabase is not null)
            {
                await RoleRightsRepair.RunAsync(inDatabase, RoleRightsRepair.DatabaseStatements(desired.Name, rights, wanted), what, cancellationToken);
            }
        }

        return new Dictionary<string, string>();
    }

    /// <inheritdoc />
    /// <remarks>
    /// What the role owns in each database the master can open is reassigned to the master and its privileges dropped
    /// (DROP ROLE refuses a role something still depends on); a role already gone is not an error.
    /// </remarks>
    public async Task DeleteAsync(Observed<PostgresRole> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        if (await access.EndpointAsync(state, cancellationToken) is not { } endpoint)
        {
            return;
        }

        var what = What("Deleting", state);
        var role = PostgresSql.Identifier(state.Name);
        await using var server = await access.MasterAsync(state, endpoint, PostgresDatabaseHandler.MaintenanceDatabase, cancellationToken);
        if (!await PostgresFailure.Guard(what, () => RoleRightsReader.ExistsAsync(server, state.Name, cancellationToken)))
        {
            return;
        }

        // REASSIGN/DROP OWNED need the master to hold the role's privileges.
        await RoleRightsRepair.RunAsync(server, await MembershipAsync(server, state.Name, what, cancellationToken), what, cancellationToken);
        foreach (var database in await OpenableDatabasesAsync(server, what, cancellationToken))
        {
            NpgsqlConnection connection;
            try
            {
                connection = await access.MasterAsync(state, endpoint, database, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // Destroy drops databases alongside: one gone since it was listed holds nothing of the role's.
                if (await DatabaseExistsAsync(server, database, cancellationToken))
                {
                    throw;
                }

                continue;
            }

            await using var opened = connection;
            await RoleRightsRepair.RunAsync(connection,
                [$"REASSIGN OWNED BY {role} TO {PostgresSql.Identifier(state.MasterUsername)}", $"DROP OWNED BY {role}"], what, cancellationToken);
        }

        await RoleRightsRepair.RunAsync(server, [$"DROP ROLE IF EXISTS {role}"], what, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<PostgresRole>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Observed<PostgresRole>>>([]);

    private static string What(string verb, PostgresRole role) => $"{verb} role {role.Name} in {role.Instance}";

    // Clear text only when a verifier cannot be made (non-ASCII passwords, which the server must SASLprep itself).
    private static string PasswordLiteral(string password) => PostgresSql.Literal(ScramVerifier.For(password) ?? password);

    /// <summary>The role's rights; <paramref name="keepOpen"/> returns the connection to its database (null when it does not exist).</summary>
    private async Task<(RoleRights Rights, NpgsqlConnection? InDatabase)> ReadRightsAsync(
        NpgsqlConnection server, Providers.DatabaseEndpoint endpoint, PostgresRole desired, CancellationToken cancellationToken, bool keepOpen = false)
    {
        var what = What("Reading", desired);
        NpgsqlConnection? inDatabase = null;
        if (await PostgresFailure.Guard(what, () => DatabaseExistsAsync(server, desired.Database, cancellationToken)))
        {
            inDatabase = await access.MasterAsync(desired, endpoint, desired.Database, cancellationToken);
        }

        try
        {
            var rights = await PostgresFailure.Guard(what, () => RoleRightsReader.ReadAsync(server, inDatabase, desired.Name, cancellationToken));
            return (rights, keepOpen ? inDatabase : null);
        }
        finally
        {
            if (!keepOpen && inDatabase is not null)
            {
                await inDatabase.DisposeAsync();
            }
        }
    }

    private static async Task<bool> DatabaseExistsAsync(NpgsqlConnection server, string database, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", server);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static Task<string[]> MembershipAsync(NpgsqlConnection server, string role, string what, CancellationToken cancellationToken) =>
        PostgresFailure.Guard(what, async () =>
        {
            await using var command = new NpgsqlCommand("SELECT pg_has_role(current_user, @role, 'MEMBER')", server);
            command.Parameters.AddWithValue("role", role);
            return await command.ExecuteScalarAsync(cancellationToken) is true ? [] : new[] { $"GRANT {PostgresSql.Identifier(role)} TO CURRENT_USER" };
        });

    private static Task<List<string>> OpenableDatabasesAsync(NpgsqlConnection server, string what, CancellationToken cancellationToken) =>
        PostgresFailure.Guard(what, async () =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT datname FROM pg_database WHERE datallowconn AND has_database_privilege(current_user, datname, 'CONNECT') ORDER BY datname", server);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var names = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        });

    private static async Task TryAsync(NpgsqlConnection server, string sql, string what, bool sensitive, CancellationToken cancellationToken)
    {
        try
        {
            await RoleRightsRepair.RunAsync(server, [sql], what, cancellationToken, sensitive);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("(42710", StringComparison.Ordinal))
        {
            // duplicate_object: made by an earlier attempt.
        }
    }
}
