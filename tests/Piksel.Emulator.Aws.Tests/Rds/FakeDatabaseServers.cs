using System.Collections.Concurrent;
using Piksel.Emulator.Aws.Rds;

namespace Piksel.Emulator.Aws.Tests.Rds;

/// <summary>Servers that only record what RDS asked of them: each "runs" on its own port, passwords kept for the tests to read.</summary>
internal sealed class FakeDatabaseServers(params string[] majors) : IDatabaseServers
{
    private int nextPort = 15432;

    public IReadOnlyList<string> EngineMajors { get; } = majors.Length == 0 ? ["16"] : majors;

    public ConcurrentDictionary<string, string> Passwords { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public bool FailCreates { get; init; }

    public void EnsureAvailable() { }

    public Task<DatabaseServerEndpoint> CreateAsync(DatabaseServerRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"create {request.Key} {request.EngineMajor} {request.MasterUsername} {request.DatabaseName}");
        if (FailCreates) throw new DatabaseServerUnavailableException("initdb failed: install postgresql");
        Passwords[request.Key] = request.MasterPassword;
        return Task.FromResult(new DatabaseServerEndpoint("localhost", Interlocked.Increment(ref nextPort)));
    }

    public Task<DatabaseServerEndpoint> StartAsync(string key, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"start {key}");
        return Task.FromResult(new DatabaseServerEndpoint("localhost", Interlocked.Increment(ref nextPort)));
    }

    public Task SetMasterPasswordAsync(string key, string username, string password, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"password {key} {username}");
        Passwords[key] = password;
        return Task.CompletedTask;
    }

    public Task StopAsync(string key, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"stop {key}");
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"delete {key}");
        Passwords.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Calls.Enqueue("dispose");
        return ValueTask.CompletedTask;
    }
}
