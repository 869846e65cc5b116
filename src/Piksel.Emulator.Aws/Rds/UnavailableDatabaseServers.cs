namespace Piksel.Emulator.Aws.Rds;

/// <summary>No servers at all: every instance is refused at once, saying so. Instances kept in state fail to start.</summary>
public sealed class UnavailableDatabaseServers : IDatabaseServers
{
    private const string Reason = "no database servers configured";

    /// <inheritdoc />
    public IReadOnlyList<string> EngineMajors { get; } = [];

    /// <inheritdoc />
    public void EnsureAvailable() => throw new DatabaseServerUnavailableException(Reason);

    /// <inheritdoc />
    public Task<DatabaseServerEndpoint> CreateAsync(DatabaseServerRequest request, CancellationToken cancellationToken) => throw new DatabaseServerUnavailableException(Reason);

    /// <inheritdoc />
    public Task<DatabaseServerEndpoint> StartAsync(string key, CancellationToken cancellationToken) => throw new DatabaseServerUnavailableException(Reason);

    /// <inheritdoc />
    public Task SetMasterPasswordAsync(string key, string username, string password, CancellationToken cancellationToken) => throw new DatabaseServerUnavailableException(Reason);

    /// <inheritdoc />
    public Task StopAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
