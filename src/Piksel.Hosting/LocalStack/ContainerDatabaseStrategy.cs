using Piksel.Emulator.Aws.Rds;
using Piksel.Platform.Providers;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// The database in a PostgreSQL container: an instance's endpoint is where its recorded server answers from this
/// machine (started again when the provider restarts), or null while no instance of that name is recorded.
/// </summary>
internal sealed class ContainerDatabaseStrategy(ContainerRdsRecords records, IDatabaseServers servers, string account) : IDatabaseStrategy
{
    public DatabaseStrategyKind Kind => DatabaseStrategyKind.Container;

    public async ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken)
    {
        var all = await records.ReadAsync(cancellationToken);
        if (!all.Instances.TryGetValue(RdsRecordSet.Key(account, instanceName), out var instance)) return null;
        var endpoint = await servers.StartAsync(instance.ServerKey, cancellationToken);
        return new DatabaseEndpoint(endpoint.Host, endpoint.Port);
    }
}
