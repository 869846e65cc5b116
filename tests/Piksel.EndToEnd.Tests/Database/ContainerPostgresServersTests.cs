using Npgsql;
using Piksel.Emulator.Aws.Rds;
using Piksel.Hosting.Database;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// The container variant of the RDS servers: the official image with the same master role, database and
/// <c>rds_superuser</c> as the local servers; kept across a stop; and a plain refusal where no Docker daemon answers.
/// </summary>
public sealed class ContainerPostgresServersTests : IDisposable
{
    private const string Master = "piksel_dev";
    private const string Password = "master-Password-1";

    private readonly string root = Path.Combine(Path.GetTempPath(), $"piksel-pgc-tests-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DockerFact]
    public async Task A_container_server_has_the_rds_master_keeps_its_data_and_takes_a_new_password()
    {
        await using var servers = new ContainerPostgresServers(root, ["16"]);
        servers.EnsureAvailable();
        var endpoint = await servers.CreateAsync(new DatabaseServerRequest("container", "16", Master, Password, "piksel"), Ct);

        await using (var connection = Connect(endpoint, Password))
        {
            await connection.OpenAsync(Ct);
            Assert.False(await Scalar<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
            Assert.True(await Scalar<bool>(connection, "SELECT pg_has_role(current_user, 'rds_superuser', 'MEMBER')"));
            await Scalar<int>(connection, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (5); SELECT 1");
        }

        await servers.SetMasterPasswordAsync("container", Master, "second-Password-2", Ct);
        await using (var old = Connect(endpoint, Password))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => old.OpenAsync(Ct));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }

        await servers.StopAsync("container", Ct);
        var again = await servers.StartAsync("container", Ct);
        await using (var connection = Connect(again, "second-Password-2"))
        {
            await connection.OpenAsync(Ct);
            Assert.Equal(5, await Scalar<int>(connection, "SELECT id FROM kept"));
        }

        await servers.DeleteAsync("container", Ct);
        Assert.False(Directory.Exists(Path.Combine(root, "container")));
    }

    [Fact]
    public void Without_a_Docker_daemon_it_says_so_plainly()
    {
        var nowhere = new Uri($"unix://{Path.Combine(root, "no-docker.sock")}");
        var servers = new ContainerPostgresServers(root, dockerEndpoint: nowhere);

        var refused = Assert.Throws<DatabaseServerUnavailableException>(servers.EnsureAvailable);
        Assert.StartsWith($"No Docker daemon is reachable at {nowhere}", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private static NpgsqlConnection Connect(DatabaseServerEndpoint endpoint, string password) =>
        new(new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Username = Master,
            Password = password,
            Database = "piksel",
            Pooling = false,
        }.ConnectionString);

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
