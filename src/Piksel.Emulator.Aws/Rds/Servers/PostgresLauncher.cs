using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// Starts a made server's postmaster (<c>postgres -D</c>, not <c>pg_ctl</c>, so the process is this emulator's own) on a
/// free loopback port, and returns once it accepts the bootstrap role's connections. A postmaster an earlier, crashed run
/// left serving the same data directory is stopped first, and a stale <c>postmaster.pid</c> removed, so there are never two.
/// </summary>
internal sealed class PostgresLauncher(PostgresInstallation installation, ServerAccount account, TimeProvider time, ILogger logger)
{
    /// <summary>How long a starting server may take to accept connections.</summary>
    public static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(60);

    // The shell only redirects and execs (same process id): the log is a file the server writes on its own, which outlives
    // this process, unlike a pipe to it. Paths travel as arguments and in the environment, never inside the script.
    private const string RedirectingExec = "exec \"$0\" \"$@\" </dev/null >>\"$PIKSEL_PG_LOG\" 2>&1";

    /// <summary>Starts <paramref name="directory"/>'s server; the process and the port it listens on.</summary>
    public async Task<(Process Process, int Port)> StartAsync(ServerDirectory directory, CancellationToken cancellationToken)
    {
        await TakeOverAsync(directory, cancellationToken);
        await PrepareSocketDirectoryAsync(directory, cancellationToken);
        var port = directory.ReadPort() is { } kept && LoopbackPorts.IsFree(kept) ? kept : LoopbackPorts.Free();
        for (var attempt = 1; ; attempt++)
        {
            var logStart = new FileInfo(directory.Log).Exists ? new FileInfo(directory.Log).Length : 0;
            var process = Launch(directory, port);
            try
            {
                await WaitUntilReadyAsync(directory, process, port, cancellationToken);
                directory.WritePort(port);
                return (process, port);
            }
            catch (DatabaseServerUnavailableException) when (attempt < 3 && process.HasExited && LostPortRace(directory, logStart))
            {
                // Another program took the port between the check and the bind: try a fresh one.
                process.Dispose();
                port = LoopbackPorts.Free();
            }
            catch
            {
                await Postmaster.StopAsync(process.Id, process, time, CancellationToken.None);
                process.Dispose();
                throw;
            }
        }
    }

    /// <summary>A connection string for the bootstrap superuser over TCP (no pooling: a handful of administrative statements).</summary>
    public static string BootstrapConnectionString(ServerDirectory directory, int port, string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "localhost",
            Port = port,
            Username = ServerDirectory.BootstrapRole,
            Password = directory.ReadBootstrapPassword(),
            Database = database,
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;

    private async Task TakeOverAsync(ServerDirectory directory, CancellationToken cancellationToken)
    {
        if (directory.ReadPostmasterPid() is not { } pid) return;
        if (Postmaster.Serves(pid, directory.Data))
        {
            logger.LogWarning("A PostgreSQL server from an earlier run still serves {DataDirectory} (pid {Pid}): stopping it first", directory.Data, pid);
            await Postmaster.StopAsync(pid, null, time, cancellationToken);
        }
        // The postmaster is gone (a crash, a reboot) or the id now belongs to another process: the lock file is stale.
        if (!Postmaster.Serves(pid, directory.Data)) File.Delete(Path.Combine(directory.Data, "postmaster.pid"));
    }

    private async Task PrepareSocketDirectoryAsync(ServerDirectory directory, CancellationToken cancellationToken)
    {
        var socket = new DirectoryInfo(directory.Socket);
        // A link, or a file, planted at the /tmp name is not ours to use: replace it by a private directory.
        if (socket.Exists && socket.LinkTarget is not null) socket.Delete();
        else if (File.Exists(directory.Socket)) File.Delete(directory.Socket);
        PrivateFiles.EnsureOwnDirectory(directory.Socket);
        await account.GiveAsync(directory.Socket, cancellationToken);
        if (!File.Exists(directory.Log))
        {
            PrivateFiles.WriteAllText(directory.Log, "");
            await account.GiveAsync(directory.Log, cancellationToken);
        }
    }

    private Process Launch(ServerDirectory directory, int port)
    {
        var start = account.Command("/bin/sh",
        [
            "-c", RedirectingExec,
            installation.Postgres,
            "-D", directory.Data,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", directory.Socket,
        ]);
        start.WorkingDirectory = directory.Path;
        start.Environment["PIKSEL_PG_LOG"] = directory.Log;
        var process = Process.Start(start)!;
        logger.LogInformation("Started PostgreSQL {Major} for {DataDirectory} on port {Port} (pid {Pid})", installation.Major, directory.Data, port, process.Id);
        return process;
    }

    private async Task WaitUntilReadyAsync(ServerDirectory directory, Process process, int port, CancellationToken cancellationToken)
    {
        var connectionString = BootstrapConnectionString(directory, port);
        var started = time.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                throw new DatabaseServerUnavailableException(
                    $"PostgreSQL for {directory.Data} exited with code {process.ExitCode} while starting; its log ends:{Environment.NewLine}{directory.LogTail()}");
            }
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState is not (PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections))
            {
                throw new DatabaseServerUnavailableException($"PostgreSQL for {directory.Data} refused the bootstrap role ({e.SqlState}: {e.MessageText}).");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                if (time.GetElapsedTime(started) > ReadyBound)
                {
                    throw new DatabaseServerUnavailableException(
                        $"PostgreSQL for {directory.Data} did not accept connections within {ReadyBound.TotalSeconds:0} s; its log ends:{Environment.NewLine}{directory.LogTail()}");
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(25), time, cancellationToken);
        }
    }

    private static bool LostPortRace(ServerDirectory directory, long logStart)
    {
        try
        {
            using var log = File.OpenRead(directory.Log);
            log.Seek(logStart, SeekOrigin.Begin);
            var text = new StreamReader(log).ReadToEnd();
            return text.Contains("could not bind", StringComparison.Ordinal) || text.Contains("could not create any TCP/IP sockets", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
