using System.Diagnostics;
using System.Security.Cryptography;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// Makes a server's data directory: <c>initdb</c> with SCRAM authentication and the bootstrap superuser, then the
/// configuration an emulated RDS instance runs with and the client authentication it admits.
/// </summary>
internal sealed class ClusterInitializer(PostgresInstallation installation, ServerAccount account)
{
    // Appended to postgresql.conf. The port and the socket directory are given on the command line at each start instead,
    // since a restart may need another port.
    private const string Configuration = """

        # Piksel: the server behind an emulated RDS for PostgreSQL instance.
        listen_addresses = 'localhost'
        unix_socket_permissions = 0700
        password_encryption = 'scram-sha-256'
        # An emulator's data are disposable and re-made in a second: speed over durability (no fsync, commits return
        # before their WAL reaches the disk, no full-page images).
        fsync = off
        synchronous_commit = off
        full_page_writes = off
        max_connections = 50
        shared_buffers = 16MB
        # A failing CREATE/ALTER ROLE … PASSWORD statement would otherwise be copied into the log with its password.
        log_min_error_statement = panic
        log_destination = 'stderr'
        logging_collector = off

        """;

    // Passwords over TCP from this machine only (RDS answers password logins alone); the Unix socket admits the bootstrap
    // superuser alone, as on RDS, where no customer has a local login.
    private const string ClientAuthentication = $"""
        # Piksel: TYPE DATABASE USER ADDRESS METHOD
        local all {ServerDirectory.BootstrapRole} scram-sha-256
        host all all 127.0.0.1/32 scram-sha-256
        host all all ::1/128 scram-sha-256

        """;

    /// <summary>Makes <paramref name="directory"/>'s cluster, owned by the server account; the bootstrap password is kept beside it.</summary>
    public async Task InitializeAsync(ServerDirectory directory, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateDirectory(directory.Path);
        var bootstrapPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        PrivateFiles.WriteAllText(directory.BootstrapPasswordFile, bootstrapPassword);
        PrivateFiles.WriteAllText(directory.Log, "");
        var pwfile = Path.Combine(directory.Path, "initdb.pw");
        try
        {
            PrivateFiles.WriteAllText(pwfile, bootstrapPassword);
            await account.GiveAsync(directory.Path, cancellationToken);
            await RunInitDbAsync(directory, pwfile, cancellationToken);
        }
        finally
        {
            File.Delete(pwfile);
        }
        // Appending and truncating keep the files' owner (the server account) and their 0600 mode.
        await File.AppendAllTextAsync(Path.Combine(directory.Data, "postgresql.conf"), Configuration, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory.Data, "pg_hba.conf"), ClientAuthentication, cancellationToken);
    }

    private async Task RunInitDbAsync(ServerDirectory directory, string pwfile, CancellationToken cancellationToken)
    {
        var start = account.Command(installation.InitDb,
        [
            "--pgdata", directory.Data,
            "--username", ServerDirectory.BootstrapRole,
            $"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            // An emulator's cluster: no fsync of the new files either (see the configuration).
            "--no-sync",
            "--no-instructions",
        ]);
        start.WorkingDirectory = directory.Path;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var initdb = Process.Start(start)!;
        var output = initdb.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = initdb.StandardError.ReadToEndAsync(cancellationToken);
        await initdb.WaitForExitAsync(cancellationToken);
        if (initdb.ExitCode != 0)
        {
            var lines = ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(8);
            throw new DatabaseServerUnavailableException($"initdb failed for {directory.Data} (exit code {initdb.ExitCode}): {string.Join(" / ", lines)}");
        }
    }
}
