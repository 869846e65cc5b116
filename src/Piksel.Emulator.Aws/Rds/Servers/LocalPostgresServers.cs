using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// RDS instances' servers as the machine's own PostgreSQL: one cluster per instance under
/// <c>&lt;root&gt;/&lt;key&gt;/data</c>, a postmaster on a free loopback port, run as an unprivileged user when this process
/// is root. Kept across restarts of the emulator (<see cref="StartAsync"/>), stopped with it (<see cref="DisposeAsync"/>).
/// </summary>
public sealed partial class LocalPostgresServers : IDatabaseServers
{
    private readonly string root;
    private readonly string? configuredBin;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lazy<PostgresInstallation> installation;
    private readonly Lazy<ServerAccount> account;
    private readonly ConcurrentDictionary<string, (Process Process, int Port)> running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);
    private int disposed;

    /// <summary>Servers kept under <paramref name="root"/>.</summary>
    /// <param name="root">The directory holding one directory per server (made owner-only when missing).</param>
    /// <param name="loggerFactory">Where the servers' starts and stops are logged; none by default.</param>
    /// <param name="timeProvider">The clock for start and stop bounds; the system's by default.</param>
    /// <param name="postgresBin">The PostgreSQL bin directory; by default <c>PIKSEL_POSTGRES_BIN</c>, else searched for.</param>
    public LocalPostgresServers(string root, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, string? postgresBin = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        this.root = Path.GetFullPath(root);
        configuredBin = postgresBin ?? Environment.GetEnvironmentVariable(PostgresInstallation.BinVariable);
        time = timeProvider ?? TimeProvider.System;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LocalPostgresServers>();
        installation = new Lazy<PostgresInstallation>(() => PostgresInstallation.Find(configuredBin));
        account = new Lazy<ServerAccount>(ServerAccount.ForThisProcess);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> EngineMajors
    {
        get
        {
            try
            {
                return [installation.Value.Major];
            }
            catch (DatabaseServerUnavailableException)
            {
                return [];
            }
        }
    }

    /// <inheritdoc />
    public void EnsureAvailable()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new DatabaseServerUnavailableException("Local PostgreSQL servers run on Linux and macOS only: use the container servers (Docker) on Windows.");
        }
        _ = installation.Value;
        _ = account.Value;
    }

    /// <inheritdoc />
    public async Task<DatabaseServerEndpoint> CreateAsync(DatabaseServerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureAvailable();
        if (request.EngineMajor != installation.Value.Major)
        {
            throw new ArgumentException($"PostgreSQL {request.EngineMajor} is not installed here; these servers run {installation.Value.Major}.", nameof(request));
        }
        var directory = Directory(request.Key);
        using var held = await LockAsync(request.Key, cancellationToken);
        if (directory.Exists) throw new InvalidOperationException($"A database server {request.Key} already exists.");
        PrivateFiles.EnsureOwnDirectory(root);
        // Anything left by a create that crashed half-way is not a server: make it again from nothing.
        if (System.IO.Directory.Exists(directory.Path)) System.IO.Directory.Delete(directory.Path, recursive: true);
        try
        {
            await new ClusterInitializer(installation.Value, account.Value).InitializeAsync(directory, cancellationToken);
            var (process, port) = await Launcher().StartAsync(directory, cancellationToken);
            running[request.Key] = (process, port);
            await using var bootstrap = new NpgsqlConnection(PostgresLauncher.BootstrapConnectionString(directory, port));
            await bootstrap.OpenAsync(cancellationToken);
            await RdsMasterSetup.ApplyAsync(bootstrap, request, cancellationToken);
            return new DatabaseServerEndpoint("localhost", port);
        }
        catch
        {
            // Nothing half-made: no process, no directory.
            await StopCoreAsync(request.Key, directory, CancellationToken.None);
            RemoveFiles(directory);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<DatabaseServerEndpoint> StartAsync(string key, CancellationToken cancellationToken)
    {
        var directory = Directory(key);
        using var held = await LockAsync(key, cancellationToken);
        if (running.TryGetValue(key, out var server) && !server.Process.HasExited) return new DatabaseServerEndpoint("localhost", server.Port);
        EnsureAvailable();
        if (!directory.Exists) throw new InvalidOperationException($"There is no database server {key} to start.");
        var (process, port) = await Launcher().StartAsync(directory, cancellationToken);
        running[key] = (process, port);
        return new DatabaseServerEndpoint("localhost", port);
    }

    /// <inheritdoc />
    public async Task SetMasterPasswordAsync(string key, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        var directory = Directory(key);
        using var held = await LockAsync(key, cancellationToken);
        if (!running.TryGetValue(key, out var server) || server.Process.HasExited)
        {
            throw new InvalidOperationException($"The database server {key} is not running.");
        }
        await using var bootstrap = new NpgsqlConnection(PostgresLauncher.BootstrapConnectionString(directory, server.Port));
        await bootstrap.OpenAsync(cancellationToken);
        await RdsMasterSetup.SetPasswordAsync(bootstrap, username, password, cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(string key, CancellationToken cancellationToken)
    {
        var directory = Directory(key);
        using var held = await LockAsync(key, cancellationToken);
        await StopCoreAsync(key, directory, cancellationToken);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var directory = Directory(key);
        using var held = await LockAsync(key, cancellationToken);
        await StopCoreAsync(key, directory, cancellationToken);
        RemoveFiles(directory);
    }

    /// <summary>Stops every server this instance started (fast shutdown, all at once); their data are kept.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await Task.WhenAll(running.Keys.Select(key => StopCoreAsync(key, Directory(key), CancellationToken.None)));
    }

    private async Task StopCoreAsync(string key, ServerDirectory directory, CancellationToken cancellationToken)
    {
        if (running.TryRemove(key, out var server))
        {
            using (server.Process)
            {
                await Postmaster.StopAsync(server.Process.Id, server.Process, time, cancellationToken);
            }
            logger.LogInformation("Stopped PostgreSQL for {DataDirectory}", directory.Data);
        }
        // One an earlier, crashed run left serving this data directory stops too: a stopped instance answers nothing.
        if (directory.ReadPostmasterPid() is { } pid && Postmaster.Serves(pid, directory.Data))
        {
            await Postmaster.StopAsync(pid, null, time, cancellationToken);
        }
    }

    private static void RemoveFiles(ServerDirectory directory)
    {
        if (System.IO.Directory.Exists(directory.Path)) System.IO.Directory.Delete(directory.Path, recursive: true);
        if (directory.Socket != Path.Combine(directory.Path, "run") && System.IO.Directory.Exists(directory.Socket))
        {
            System.IO.Directory.Delete(directory.Socket, recursive: true);
        }
    }

    private PostgresLauncher Launcher() => new(installation.Value, account.Value, time, logger);

    private ServerDirectory Directory(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException($"'{key}' is not a database server key (letters, digits, '.', '_', '-'; at most 200).", nameof(key));
        return new ServerDirectory(root, key);
    }

    private async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken)
    {
        var gate = locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex KeyPattern();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
