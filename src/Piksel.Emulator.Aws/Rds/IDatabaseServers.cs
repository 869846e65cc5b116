namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// The real database servers behind RDS instances: one PostgreSQL server per instance, made when the instance is
/// created, started again when the emulator restarts with its state, stopped with the emulator and removed with the
/// instance. The emulator's RDS API owns the instance records; this owns the processes (or containers) and their data.
/// </summary>
public interface IDatabaseServers : IAsyncDisposable
{
    /// <summary>The PostgreSQL major versions these servers can run (e.g. <c>15</c> for the machine's PostgreSQL 15).</summary>
    IReadOnlyList<string> EngineMajors { get; }

    /// <summary>
    /// Checks that a server can be made at all (binaries installed, Docker reachable…); throws
    /// <see cref="DatabaseServerUnavailableException"/> saying what to install when it cannot. Cheap; called before anything is made.
    /// </summary>
    void EnsureAvailable();

    /// <summary>Makes a new server for <paramref name="request"/> (its data initialised, the master role and database made) and starts it.</summary>
    Task<DatabaseServerEndpoint> CreateAsync(DatabaseServerRequest request, CancellationToken cancellationToken);

    /// <summary>Starts the existing server <paramref name="key"/> again (its data kept); already running answers its endpoint.</summary>
    Task<DatabaseServerEndpoint> StartAsync(string key, CancellationToken cancellationToken);

    /// <summary>Sets the password of the master role <paramref name="username"/> on the running server <paramref name="key"/>.</summary>
    Task SetMasterPasswordAsync(string key, string username, string password, CancellationToken cancellationToken);

    /// <summary>Stops the server <paramref name="key"/>, keeping its data (StopDBInstance, an inaccessible key).</summary>
    Task StopAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stops the server <paramref name="key"/> and removes its data; no-op when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>What a new server is made with.</summary>
/// <param name="Key">Stable and unique per instance (account, region and identifier); safe as a directory name.</param>
/// <param name="EngineMajor">One of <see cref="IDatabaseServers.EngineMajors"/>.</param>
/// <param name="MasterUsername">The master role (NOSUPERUSER-like on RDS; here the server's owner role is separate).</param>
/// <param name="MasterPassword">The master password; never logged.</param>
/// <param name="DatabaseName">The initial database, owned by the master; null for none beyond <c>postgres</c>.</param>
public sealed record DatabaseServerRequest(string Key, string EngineMajor, string MasterUsername, string MasterPassword, string? DatabaseName)
{
    /// <summary>Keeps the password out of logs and exceptions.</summary>
    public override string ToString() => $"DatabaseServerRequest {{ Key = {Key}, EngineMajor = {EngineMajor}, MasterUsername = {MasterUsername}, DatabaseName = {DatabaseName} }}";
}

/// <summary>Where a running server answers: a host name or address reachable from this machine, and its port.</summary>
public sealed record DatabaseServerEndpoint(string Host, int Port);

/// <summary>No database server can be made here: the message says what to install or start.</summary>
public sealed class DatabaseServerUnavailableException(string message) : Exception(message);
