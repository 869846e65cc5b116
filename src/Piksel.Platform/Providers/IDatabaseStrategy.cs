namespace Piksel.Platform.Providers;

/// <summary>Where the platform's PostgreSQL lives: behind the RDS API (emulated or real) or in a container.</summary>
public interface IDatabaseStrategy
{
    /// <summary>Which strategy this is.</summary>
    DatabaseStrategyKind Kind { get; }

    /// <summary>The endpoint of the instance named <paramref name="instanceName"/>, or null while it does not exist.</summary>
    ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken);
}
