using System.Diagnostics;
using Npgsql;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;

namespace Piksel.Emulator.Aws.Tests.Rds.Servers;

/// <summary>
/// A server's life with its instance's: stopped and started with its data kept, taken over from a crashed run, stopped
/// with the emulator, removed with the instance; and, with no PostgreSQL installed, a refusal that says what to install.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalPostgresLifecycleTests : IDisposable
{
    private const string Master = "piksel_dev";
    private const string Password = "master-Password-1";

    private readonly ServerRoots roots = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PostgresFact]
    public async Task Stopped_refuses_connections_started_again_keeps_its_data_and_deleted_leaves_nothing()
    {
        await using var servers = new LocalPostgresServers(roots.Root);
        var endpoint = await servers.CreateAsync(Request("lifecycle", servers), Ct);
        await Execute(endpoint, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

        await servers.StopAsync("lifecycle", Ct);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(endpoint, "SELECT 1"));

        var watch = Stopwatch.StartNew();
        var again = await servers.StartAsync("lifecycle", Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"StartAsync took {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(endpoint.Port, again.Port);
        Assert.Equal(42, await Scalar<int>(again, "SELECT id FROM kept"));
        Assert.Equal(again, await servers.StartAsync("lifecycle", Ct));

        await servers.DeleteAsync("lifecycle", Ct);
        Assert.False(Directory.Exists(Path.Combine(roots.Root, "lifecycle")));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(again, "SELECT 1"));
        await servers.DeleteAsync("lifecycle", Ct);
    }

    [PostgresFact]
    public async Task A_new_run_takes_over_a_server_a_crashed_run_left_and_dispose_stops_it()
    {
        // The first run "crashes": it is never disposed, and its postmaster keeps running.
        var crashed = new LocalPostgresServers(roots.Root);
        var endpoint = await crashed.CreateAsync(Request("crash", crashed), Ct);
        await Execute(endpoint, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
        var directory = new ServerDirectory(roots.Root, "crash");
        var orphan = directory.ReadPostmasterPid()!.Value;

        var next = new LocalPostgresServers(roots.Root);
        var taken = await next.StartAsync("crash", Ct);
        Assert.False(Postmaster.IsAlive(orphan));
        Assert.Equal(7, await Scalar<int>(taken, "SELECT id FROM kept"));
        var current = directory.ReadPostmasterPid()!.Value;
        Assert.NotEqual(orphan, current);

        await next.DisposeAsync();
        Assert.False(Postmaster.IsAlive(current));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(taken, "SELECT 1"));
        // The crashed run's own process object is long gone: disposing it stops nothing else.
        await crashed.DisposeAsync();
        Assert.True(directory.Exists);
    }

    [Fact]
    public async Task Without_PostgreSQL_it_says_what_to_install_and_makes_nothing()
    {
        var empty = Path.Combine(roots.Parent, "empty-bin");
        Directory.CreateDirectory(empty);
        var servers = new LocalPostgresServers(roots.Root, postgresBin: empty);

        var refused = Assert.Throws<DatabaseServerUnavailableException>(servers.EnsureAvailable);
        Assert.StartsWith("PostgreSQL server binaries not found (looked in PIKSEL_POSTGRES_BIN=", refused.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", refused.Message, StringComparison.Ordinal);
        Assert.Contains("set PIKSEL_POSTGRES_BIN to their bin directory", refused.Message, StringComparison.Ordinal);
        Assert.Empty(servers.EngineMajors);
        await Assert.ThrowsAsync<DatabaseServerUnavailableException>(() => servers.CreateAsync(new DatabaseServerRequest("none", "16", Master, Password, null), Ct));
        Assert.False(Directory.Exists(roots.Root));
    }

    [Fact]
    public async Task A_key_that_is_no_directory_name_is_refused_before_anything_is_made()
    {
        await using var servers = new LocalPostgresServers(roots.Root);
        foreach (var key in new[] { "../escape", "a/b", ".hidden", new string('k', 201) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => servers.StartAsync(key, Ct));
        }
        Assert.False(Directory.Exists(roots.Root));
    }

    public void Dispose() => roots.Dispose();

    private static DatabaseServerRequest Request(string key, LocalPostgresServers servers) =>
        new(key, servers.EngineMajors[0], Master, Password, "piksel");

    private static NpgsqlConnection Connect(DatabaseServerEndpoint endpoint) =>
        new(new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Username = Master,
            Password = Password,
            Database = "piksel",
            Pooling = false,
            Timeout = 3,
        }.ConnectionString);

    private static async Task Execute(DatabaseServerEndpoint endpoint, string sql)
    {
        await using var connection = Connect(endpoint);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<T> Scalar<T>(DatabaseServerEndpoint endpoint, string sql)
    {
        await using var connection = Connect(endpoint);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
