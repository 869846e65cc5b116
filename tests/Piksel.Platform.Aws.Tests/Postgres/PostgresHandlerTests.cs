using Npgsql;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Database;
using Piksel.Testing;

namespace Piksel.Platform.Aws.Tests.Postgres;

/// <summary>The databases and roles of the definition, made in a real server whose master has RDS's rights, not a superuser's.</summary>
[Collection(HandlerCollection.Name)]
public sealed class PostgresHandlerTests(HandlerFixture fixture, ThrowawayPostgres server) : IClassFixture<ThrowawayPostgres>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecretsManagerClient Secrets() => new(new Http.AwsClientOptions
    {
        ServiceUrl = fixture.Emulator.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    });

    [RequiresPostgresFact]
    public async Task The_definition_s_databases_and_roles_converge_hold_their_rights_repair_drift_rotate_and_go()
    {
        var (databases, roles, arns) = await DefinedAsync();
        var access = new PostgresServerAccess(fixture.Context, new FixedDatabase(server.Endpoint));
        var dbHandler = new PostgresDatabaseHandler(access);
        var roleHandler = new PostgresRoleHandler(access);

        foreach (var database in databases)
        {
            Assert.Null(await dbHandler.ReadAsync(database, Ct));
            await dbHandler.ApplyAsync(database, null, Ct);
            Attributes.Equal(database, (await dbHandler.ReadAsync(database, Ct))!.State);
        }

        foreach (var role in roles)
        {
            Assert.Null(await roleHandler.ReadAsync(role, Ct));
            await roleHandler.ApplyAsync(role, null, Ct);
        }

        // Second look: nothing to change.
        foreach (var role in roles)
        {
            Attributes.Equal(role, (await roleHandler.ReadAsync(role, Ct))!.State);
        }

        var password = new Dictionary<string, string>();
        foreach (var role in roles)
        {
            password[role.Name] = (await Secrets().GetSecretValueAsync(role.PasswordSecretArn, cancellationToken: Ct)).Value.Reveal();
        }

        // rw creates a table and writes; ro reads it (made later, by the rw role) and is refused a write.
        await using (var stac = await server.ConnectAsync("stac", password["stac"], "stac"))
        {
            await ExecAsync(stac, "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'one')");
        }

        await using (var master = await server.ConnectAsync(server.MasterUsername, server.MasterPassword, "stac"))
        {
            await ExecAsync(master, "CREATE TABLE collections (id int); INSERT INTO collections VALUES (7)");
        }

        await using (var reading = await server.ConnectAsync("stacread", password["stacread"], "stac"))
        {
            Assert.Equal(1L, await ScalarAsync(reading, "SELECT count(*) FROM items"));
            Assert.Equal(1L, await ScalarAsync(reading, "SELECT count(*) FROM collections"));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(reading, "INSERT INTO items VALUES (2, 'two')"));
            Assert.Equal("42501", refused.SqlState);
        }

        await using (var stac = await server.ConnectAsync("stac", password["stac"], "stac"))
        {
            // The rw role writes the master's tables too (default privileges).
            await ExecAsync(stac, "INSERT INTO collections VALUES (8)");
        }

        // Each login opens its own database and no other; the master opens all.
        foreach (var role in roles)
        {
            await (await server.ConnectAsync(role.Name, password[role.Name], role.Database)).DisposeAsync();
            foreach (var other in databases.Where(d => d.Name != role.Database))
            {
                var e = await Assert.ThrowsAsync<PostgresException>(() => server.ConnectAsync(role.Name, password[role.Name], other.Name));
                Assert.Equal("42501", e.SqlState);
            }
        }

        foreach (var database in databases)
        {
            await (await server.ConnectAsync(server.MasterUsername, server.MasterPassword, database.Name)).DisposeAsync();
        }

        // Rights widened behind the engine's back show as drift, and apply revokes them.
        var grafana = roles.Single(r => r.Name == "grafana");
        var stacread = roles.Single(r => r.Name == "stacread");
        await using (var master = await server.ConnectAsync(server.MasterUsername, server.MasterPassword, "stac"))
        {
            await ExecAsync(master, "GRANT INSERT ON items TO stacread; GRANT CONNECT ON DATABASE stac TO grafana; GRANT CREATE ON SCHEMA public TO stacread");
        }

        var drifted = (await roleHandler.ReadAsync(stacread, Ct))!;
        Assert.Contains("table public.items: INSERT,SELECT", drifted.State.Rights);
        Assert.Contains("schema public: CREATE,USAGE", drifted.State.Rights);
        Assert.Contains("database stac: CONNECT", (await roleHandler.ReadAsync(grafana, Ct))!.State.Rights);
        await roleHandler.ApplyAsync(stacread, drifted, Ct);
        await roleHandler.ApplyAsync(grafana, await roleHandler.ReadAsync(grafana, Ct), Ct);
        Attributes.Equal(stacread, (await roleHandler.ReadAsync(stacread, Ct))!.State);
        Attributes.Equal(grafana, (await roleHandler.ReadAsync(grafana, Ct))!.State);
        await using (var reader = await server.ConnectAsync("stacread", password["stacread"], "stac"))
        {
            Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(reader, "INSERT INTO items VALUES (3, 'x')"))).SqlState);
            Assert.Equal(1L, await ScalarAsync(reader, "SELECT count(*) FROM items"));
        }

        Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => server.ConnectAsync("grafana", password["grafana"], "stac"))).SqlState);

        // Rotation: a new value in Secrets Manager is drift; apply sets it; the old one is refused.
        var odc = roles.Single(r => r.Name == "odc");
        var rotated = "n'ew\\pa$$word-" + Guid.NewGuid().ToString("N")[..8];
        await Secrets().PutSecretValueAsync(odc.PasswordSecretArn, SecretValue.FromString(rotated), cancellationToken: Ct);
        var stale = (await roleHandler.ReadAsync(odc, Ct))!;
        Assert.Equal(PostgresRole.PasswordStale, stale.State.Password);
        await roleHandler.ApplyAsync(odc, stale, Ct);
        Attributes.Equal(odc, (await roleHandler.ReadAsync(odc, Ct))!.State);
        await (await server.ConnectAsync("odc", rotated, "odc")).DisposeAsync();
        Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => server.ConnectAsync("odc", password["odc"], "odc"))).SqlState);

        // Respawn empties the tables; the roles keep their rights.
        var reset = new DatabaseReset(server.Endpoint.Host, server.Endpoint.Port, server.MasterUsername, server.MasterPassword, [.. databases.Select(d => d.Name)]);
        await reset.ResetAsync(Ct);
        await using (var reader = await server.ConnectAsync("stacread", password["stacread"], "stac"))
        {
            Assert.Equal(0L, await ScalarAsync(reader, "SELECT count(*) FROM items"));
            Assert.Equal(0L, await ScalarAsync(reader, "SELECT count(*) FROM collections"));
        }

        await using (var writer = await server.ConnectAsync("stac", password["stac"], "stac"))
        {
            await ExecAsync(writer, "INSERT INTO items VALUES (9, 'after reset')");
        }

        foreach (var role in roles)
        {
            Attributes.Equal(role, (await roleHandler.ReadAsync(role, Ct))!.State);
        }

        // Destroy: roles (what they own reassigned), then databases.
        foreach (var role in Enumerable.Reverse(roles))
        {
            await roleHandler.DeleteAsync((await roleHandler.ReadAsync(role, Ct))!, Ct);
            Assert.Null(await roleHandler.ReadAsync(role, Ct));
        }

        foreach (var database in databases)
        {
            await dbHandler.DeleteAsync((await dbHandler.ReadAsync(database, Ct))!, Ct);
            Assert.Null(await dbHandler.ReadAsync(database, Ct));
        }
    }

    [RequiresPostgresFact]
    public async Task A_refused_master_login_says_so_without_the_password()
    {
        var (databases, _, _) = await DefinedAsync();
        var wrong = "wr0ng'pa$$" + Guid.NewGuid().ToString("N")[..6];
        var secret = await Secrets().CreateSecretAsync(new CreateSecretRequest { Name = HandlerFixture.Unique("pg-wrong"), Value = SecretValue.FromString(wrong) }, Ct);
        var handler = new PostgresDatabaseHandler(new PostgresServerAccess(fixture.Context, new FixedDatabase(server.Endpoint)));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.ReadAsync(databases[0] with { MasterPasswordSecretArn = secret.Arn }, Ct));
        Assert.Contains("28P01", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.Null(e.InnerException);
    }

    /// <summary>The definition's records for the local environment, their secrets made in the emulator under unique names.</summary>
    private async Task<(List<PostgresDatabase> Databases, List<PostgresRole> Roles, Dictionary<string, string> Arns)> DefinedAsync()
    {
        var settings = EnvironmentSettingsLoader.Load(RepoEnv(), "local");
        var spec = PikselPlatform.Define(settings);
        var prefix = HandlerFixture.Unique("pg");
        var arns = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string> { ["piksel/local/database-password"] = server.MasterPassword };
        foreach (var secret in spec.Resources.OfType<SecretsManagerSecret>().Where(s => s.Generate is not null))
        {
            var value = values.GetValueOrDefault(secret.Name) ?? $"p'w\\$x{Guid.NewGuid():N}";
            var made = await Secrets().CreateSecretAsync(new CreateSecretRequest { Name = $"{prefix}/{secret.Name}", Value = SecretValue.FromString(value) }, Ct);
            arns[secret.Id.ToString()] = made.Arn;
        }

        string? Lookup(OutputRef reference) => arns.GetValueOrDefault(reference.Resource.ToString());
        var databases = spec.Resources.OfType<PostgresDatabase>().Select(d => TokenResolution.Resolve(d, Lookup)).ToList();
        var roles = spec.Resources.OfType<PostgresRole>().Select(r => TokenResolution.Resolve(r, Lookup)).ToList();
        return (databases, roles, arns);
    }

    private static string RepoEnv()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Piksel.Platform.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "env");
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }
}
