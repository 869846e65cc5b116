using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The emulators' <see cref="ILogger"/> output in the dashboard: each category goes to its resource's console log —
/// the AWS emulator's to <c>aws</c>, the API servers' to the cluster, the RDS database servers' to <c>database</c>.
/// The level is <c>AppHost:EmulatorLogLevel</c> (default <c>Information</c>: IAM refusals with their explanation,
/// database servers starting and stopping, errors; <c>Debug</c> adds a line per AWS request and per IAM allow).
/// </summary>
internal sealed class EmulatorLogs : IDisposable
{
    /// <summary>Creates the factory over the app's resource loggers.</summary>
    public EmulatorLogs(ResourceLoggerService logs, PikselAppModel model, IConfiguration configuration)
    {
        var level = configuration.GetValue("AppHost:EmulatorLogLevel", LogLevel.Information);
        Factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(level).AddProvider(new Router(logs, model)));
    }

    /// <summary>The factory to give the emulators.</summary>
    public ILoggerFactory Factory { get; }

    /// <summary>The resource whose console shows <paramref name="category"/>.</summary>
    public static IResource ResourceFor(string category, PikselAppModel model)
    {
        // RDS runs the database servers: their starts, stops and failures are the database resource's story.
        if (category.StartsWith("Piksel.Emulator.Aws.Rds", StringComparison.Ordinal) || category.Contains("Postgres", StringComparison.Ordinal)) return model.Database;
        // The API servers log under one category; with one cluster (as every environment has today) it is that one's,
        // with several the lines stay with the emulator that runs them all.
        if (category.StartsWith("Piksel.Emulator.Kubernetes", StringComparison.Ordinal) && model.Clusters.Count == 1) return model.Clusters.Values.Single();
        return model.Aws;
    }

    /// <inheritdoc />
    public void Dispose() => Factory.Dispose();

    private sealed class Router(ResourceLoggerService logs, PikselAppModel model) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logs.GetLogger(ResourceFor(categoryName, model));

        public void Dispose()
        {
            // The resource loggers belong to ResourceLoggerService.
        }
    }
}
