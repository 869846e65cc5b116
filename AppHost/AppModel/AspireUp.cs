using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Piksel.Platform.Definition;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// <c>dotnet run --project AppHost</c>: the environment as an Aspire app, on any provider (embedded, localstack, existing,
/// aws) — the orchestrator and the dashboard start beside it, every resource shows its state, URLs, logs and commands,
/// and Ctrl+C stops what was started (destroying nothing).
/// <c>up --headless</c> (or <c>CI=true</c>) runs the same environment without the dashboard (<see cref="UpCommand"/>).
/// </summary>
internal static class AspireUp
{
    /// <summary>
    /// Whether these arguments ask for the Aspire app: no verb, or <c>up</c> on any provider without <c>--headless</c> or fault options, outside CI;
    /// always when another program runs this entry point (Aspire.Hosting.Testing's builder, which needs the app model, CI or not).
    /// </summary>
    public static bool Wants(string[] args)
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(AspireUp).Assembly) return true;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) return false;
        if (AspireUpOptions.TryParse(args) is not null) return true;
        if (AspireUpOptions.HeadlessNote(args) is { } note) Console.Error.WriteLine(note);
        return false;
    }

    /// <summary>
    /// The configuration key naming the folder that holds <c>env/</c> and <c>.piksel/</c> (default: the current directory),
    /// so a test running the app model in its own process gives it a folder of its own without changing the process's.
    /// </summary>
    public const string WorkingDirectoryKey = "AppHost:WorkingDirectory";

    /// <summary>Runs the app until Ctrl+C; the exit code is 1 when the environment could not start.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = AspireUpOptions.TryParse(args) ?? AspireUpOptions.TryParse([])!;
        var dashboard = DashboardLink.Prepare();
        TelemetrySetup.PrepareApiKey();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [] });
        // The target is resolved from the builder's configuration: its working folder, and on aws the endpoint and keys
        // (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID…, from the environment variables the configuration holds).
        if (UpCommand.Prepare(options, builder.Configuration[WorkingDirectoryKey]) is not { } prepared) return 1;
        var target = prepared.Target;
        var choice = prepared.Choice with { Variables = name => builder.Configuration[name] };
        // Aspire's own start-up lines (and the dashboard link it prints twice) stay out of the console; the ready output
        // prints the link once. Warnings and errors still show.
        builder.Services.AddLogging(logging => logging.AddFilter("Aspire.Hosting", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning));
        var model = PikselAppModel.Add(builder, PikselPlatform.Define(target.Settings));
        using var telemetry = TelemetrySetup.Add(builder);
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton(target);
        builder.Services.AddSingleton(choice);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(dashboard);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmulatorLogs>();
        builder.Services.AddSingleton<EnvironmentRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EnvironmentRunner>());
        var health = builder.Services.AddHealthChecks().AddCheck<AwsHealthCheck>(AwsHealthCheck.Name).AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name);
        foreach (var cluster in model.Clusters.Keys)
        {
            health.Add(new HealthCheckRegistration(ClusterHealthCheck.NameFor(cluster), services => new ClusterHealthCheck(services.GetRequiredService<EnvironmentRunner>(), cluster), null, null));
        }
        await using var app = builder.Build();
        await app.RunAsync();
        return Environment.ExitCode;
    }
}
