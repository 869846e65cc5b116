using Npgsql;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL server with RDS's master rights, made the way the emulator's RDS makes one
/// (<see cref="LocalPostgresServers"/>: the machine's PostgreSQL, scram-sha-256, a free loopback port, the unprivileged
/// <c>postgres</c> user when the tests run as root, a master NOSUPERUSER CREATEDB CREATEROLE in <c>rds_superuser</c>).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncLifetime
{
    private const string Key = "throwaway";
    private readonly string root = Path.Combine(Path.GetTempPath(), $"piksel-pg-{Guid.NewGuid():N}");
    private LocalPostgresServers? servers;

    /// <summary>The master role (the local environment's).</summary>
    public string MasterUsername { get; } = "piksel_local";

    /// <summary>The master's password.</summary>
    public string MasterPassword { get; } = "m'a$ter\\" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The server's endpoint.</summary>
    public DatabaseEndpoint Endpoint { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        servers = new LocalPostgresServers(root);
        var major = servers.EngineMajors[0];
        var endpoint = await servers.CreateAsync(new DatabaseServerRequest(Key, major, MasterUsername, MasterPassword, "piksel"), TestContext.Current.CancellationToken);
        Endpoint = new DatabaseEndpoint(endpoint.Host, endpoint.Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (servers is not null)
        {
            await servers.DeleteAsync(Key, CancellationToken.None);
            await servers.DisposeAsync();
        }

        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    /// <summary>An open connection as <paramref name="user"/> (the server may still be starting: retried for a while).</summary>
    public async Task<NpgsqlConnection> ConnectAsync(string user, string password, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Endpoint.Host,
            Port = Endpoint.Port,
            Username = user,
            Password = password,
            Database = database,
            Pooling = false,
        };
        for (var attempt = 0; ; attempt++)
        {
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync();
                return connection;
            }
            catch (NpgsqlException e) when (e is not PostgresException && attempt < 100)
            {
                await connection.DisposeAsync();
                await Task.Delay(100);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }
}

/// <summary>A fact that runs only where the machine's PostgreSQL is installed.</summary>
public sealed class RequiresPostgresFactAttribute : FactAttribute
{
    public RequiresPostgresFactAttribute(
        [System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null,
        [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1) : base(sourceFilePath, sourceLineNumber)
    {
        if (new LocalPostgresServers(Path.GetTempPath()).EngineMajors.Count == 0)
        {
            Skip = "the machine's PostgreSQL server is not installed (apt-get install postgresql).";
        }
    }
}

/// <summary>The endpoint of one server, whatever the instance.</summary>
public sealed class FixedDatabase(DatabaseEndpoint endpoint) : IDatabaseStrategy
{
    public DatabaseStrategyKind Kind => DatabaseStrategyKind.RdsApi;

    public ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken) => ValueTask.FromResult<DatabaseEndpoint?>(endpoint);
}
