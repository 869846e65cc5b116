using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL server with RDS's master rights: initdb with scram-sha-256 into a temporary folder, the
/// server on a free loopback port (as the unprivileged <c>postgres</c> user when the tests run as root, which PostgreSQL
/// refuses), and a master created NOSUPERUSER CREATEDB CREATEROLE in <c>rds_superuser</c>, as RDS makes it.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncLifetime
{
    /// <summary>Where the machine's PostgreSQL 15 binaries are.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string root = Path.Combine(Path.GetTempPath(), $"piksel-pg-{Guid.NewGuid():N}");
    private readonly string superPassword = Guid.NewGuid().ToString("N");
    private Process? server;

    /// <summary>The master role (the local environment's).</summary>
    public string MasterUsername { get; } = "piksel_local";

    /// <summary>The master's password.</summary>
    public string MasterPassword { get; } = "m'a$ter\\" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The server's endpoint.</summary>
    public DatabaseEndpoint Endpoint { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var asRoot = Environment.UserName == "root";
        Directory.CreateDirectory(root);
        var passwordFile = Path.Combine(root, "pw");
        await File.WriteAllTextAsync(passwordFile, superPassword);
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        await RunAsync(Path.Combine(BinDirectory, "initdb"),
            ["-D", Path.Combine(root, "data"), "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-sync", "--no-instructions"], asRoot);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        server = Start(Path.Combine(BinDirectory, "postgres"),
            ["-D", Path.Combine(root, "data"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", root,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"], asRoot);
        Endpoint = new DatabaseEndpoint("127.0.0.1", port);

        await using var super = await ConnectAsync("postgres", superPassword, "postgres");
        foreach (var sql in new[]
        {
            "CREATE ROLE rds_superuser NOLOGIN",
            $"CREATE ROLE {MasterUsername} LOGIN NOSUPERUSER CREATEDB CREATEROLE IN ROLE rds_superuser PASSWORD {PostgresSql.Literal(MasterPassword)}",
            $"CREATE DATABASE piksel OWNER {MasterUsername}",
        })
        {
            await using var command = new NpgsqlCommand(sql, super);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        Directory.Delete(root, recursive: true);
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

    private static Process Start(string file, IEnumerable<string> arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "setpriv" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.WorkingDirectory = Path.GetTempPath();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, IEnumerable<string> arguments, bool asPostgres = false)
    {
        using var process = Start(file, arguments, asPostgres);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}.");
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
        if (!File.Exists(Path.Combine(ThrowawayPostgres.BinDirectory, "postgres")))
        {
            Skip = $"PostgreSQL 15 is not installed ({ThrowawayPostgres.BinDirectory}).";
        }
    }
}

/// <summary>The endpoint of one server, whatever the instance.</summary>
public sealed class FixedDatabase(DatabaseEndpoint endpoint) : IDatabaseStrategy
{
    public DatabaseStrategyKind Kind => DatabaseStrategyKind.RdsApi;

    public ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken) => ValueTask.FromResult<DatabaseEndpoint?>(endpoint);
}
