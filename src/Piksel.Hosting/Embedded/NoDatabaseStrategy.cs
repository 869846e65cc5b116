using Piksel.Platform.Providers;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// The database is not part of this slice: the spec defines no database resource yet, so no instance ever exists.
/// The RDS API strategy replaces this when the emulator serves RDS.
/// </summary>
internal sealed class NoDatabaseStrategy : IDatabaseStrategy
{
    public DatabaseStrategyKind Kind => DatabaseStrategyKind.RdsApi;

    public ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DatabaseEndpoint?>(null);
}
