using Npgsql;
using Piksel.Emulator.Aws.Rds.Servers;

namespace Piksel.Emulator.Aws.Tests.Rds.Servers;

/// <summary>
/// What a client of an RDS instance meets on the server: the master logs in with its password to its database, may make
/// roles and databases, and is no superuser; a wrong password is refused as PostgreSQL refuses it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalPostgresServersTests(SharedServerFixture fixture) : IClassFixture<SharedServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PostgresFact]
    public async Task The_master_opens_its_database_and_may_make_roles_and_databases_but_is_no_superuser()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"CreateAsync took {fixture.CreateTime.TotalMilliseconds:0} ms");
        await using var connection = fixture.Connect(SharedServerFixture.Master, SharedServerFixture.Password);
        await connection.OpenAsync(Ct);

        Assert.Equal(SharedServerFixture.Database, await Scalar<string>(connection, "SELECT current_database()"));
        Assert.Equal(SharedServerFixture.Master, await Scalar<string>(connection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
        Assert.False(await Scalar<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.True(await Scalar<bool>(connection, "SELECT pg_has_role(current_user, 'rds_superuser', 'MEMBER')"));
        Assert.Equal("scram-sha-256", await Scalar<string>(connection, "SHOW password_encryption"));

        var suffix = Guid.NewGuid().ToString("N")[..8];
        await Execute(connection, $"CREATE ROLE app_{suffix} LOGIN PASSWORD 'app-password'");
        await Execute(connection, $"CREATE DATABASE db_{suffix}");
        Assert.True(await Scalar<bool>(connection, $"SELECT EXISTS (SELECT FROM pg_database WHERE datname = 'db_{suffix}')"));

        // Superuser-only: the master of an RDS instance is refused (42501, insufficient_privilege).
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, $"ALTER ROLE app_{suffix} SUPERUSER"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [PostgresFact]
    public async Task A_wrong_password_is_refused_with_28P01()
    {
        await using var connection = fixture.Connect(SharedServerFixture.Master, "not-the-password");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(Ct));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [PostgresFact]
    public async Task The_server_runs_unprivileged_below_a_private_parent_its_files_private_and_its_log_free_of_passwords()
    {
        // The servers' files are owner-only, the directory above them included (PostgreSQL demands 0700 of its data too).
        Piksel.Testing.PrivateTree.AssertOwnerOnly(fixture.Root);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fixture.Parent));
        var log = await File.ReadAllTextAsync(Path.Combine(fixture.Root, SharedServerFixture.Key, "server.log"), Ct);
        Assert.DoesNotContain(SharedServerFixture.Password, log, StringComparison.Ordinal);

        // PostgreSQL refuses root: run as root, the postmaster is the unprivileged account's, below a 0700 parent all the same.
        var pid = new ServerDirectory(fixture.Root, SharedServerFixture.Key).ReadPostmasterPid()!.Value;
        var uid = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
        if (Environment.IsPrivilegedProcess) Assert.NotEqual("0", uid);
    }

    [PostgresFact]
    public async Task A_new_master_password_works_and_the_old_one_is_refused()
    {
        const string next = "second-Password-2";
        await fixture.Servers.SetMasterPasswordAsync(SharedServerFixture.Key, SharedServerFixture.Master, next, Ct);
        try
        {
            await using (var connection = fixture.Connect(SharedServerFixture.Master, next)) await connection.OpenAsync(Ct);
            await using var old = fixture.Connect(SharedServerFixture.Master, SharedServerFixture.Password);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => old.OpenAsync(Ct));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }
        finally
        {
            await fixture.Servers.SetMasterPasswordAsync(SharedServerFixture.Key, SharedServerFixture.Master, SharedServerFixture.Password, CancellationToken.None);
        }
    }

    [PostgresFact]
    public async Task A_password_that_looks_like_sql_is_stored_as_it_is()
    {
        // Quoting is the server's (format %L): a quote or a statement inside the password is only characters.
        const string tricky = "x'; DROP ROLE piksel_test; --\\";
        await fixture.Servers.SetMasterPasswordAsync(SharedServerFixture.Key, SharedServerFixture.Master, tricky, Ct);
        try
        {
            await using var connection = fixture.Connect(SharedServerFixture.Master, tricky);
            await connection.OpenAsync(Ct);
        }
        finally
        {
            await fixture.Servers.SetMasterPasswordAsync(SharedServerFixture.Key, SharedServerFixture.Master, SharedServerFixture.Password, CancellationToken.None);
        }
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
