using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// The database behind the RDS API (the emulator's, which runs a real PostgreSQL, or AWS's): an instance's endpoint is
/// what DescribeDBInstances answers in the environment's account, once the instance is available.
/// </summary>
/// <param name="context">The AWS access of the provider.</param>
/// <param name="account">The environment's account.</param>
public sealed class RdsApiDatabaseStrategy(AwsHandlerContext context, string account) : IDatabaseStrategy
{
    /// <inheritdoc />
    public DatabaseStrategyKind Kind => DatabaseStrategyKind.RdsApi;

    /// <inheritdoc />
    public async ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rds = await context.ClientAsync(this, account, null, options => new RdsClient(options), cancellationToken);
        try
        {
            // Throttling here is the engine's to retry, as for any handler's call.
            var instance = await AwsErrors.Guard($"Reading DB instance {instanceName}", () => rds.DescribeDbInstanceAsync(instanceName, cancellationToken));
            return instance is { Status: "available" or "modifying" or "backing-up", Address: { } address, Port: { } port }
                ? new DatabaseEndpoint(address, port)
                : null;
        }
        catch (Exception e) when (AwsErrors.Is(e, "DBInstanceNotFound", "DBInstanceNotFoundFault"))
        {
            return null;
        }
    }
}
