using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Faults;
using Piksel.Platform.Engine;
using Piksel.Platform.Spec;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// Runs the local environment inside the Aspire app: starts the emulators, plans and applies the platform, writes the
/// user's files and prints the ready line, publishing each step as the resources' states (Planning → Applying n of m →
/// Running, or Failed naming what failed). Stopping the app stops the emulators and database servers.
/// </summary>
internal sealed class EnvironmentRunner(
    PikselAppModel model, EnvironmentTarget target, DashboardLink dashboard, ResourceNotificationService notifications,
    ResourceLoggerService logs, IHostApplicationLifetime lifetime, IConfiguration configuration) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private Task running = Task.CompletedTask;
    private int stopped;

    /// <summary>The running environment, once the emulators have started.</summary>
    public LocalEnvironment? Environment { get; private set; }

    /// <summary>The last apply's result, once applied.</summary>
    public ApplyResult? Applied { get; private set; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Once: Aspire.Hosting.Testing stops the host again after it has disposed it (and this runner's token source).
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        await stopping.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        if (Environment is { } local)
        {
            await local.DisposeAsync();
            Console.WriteLine($"Piksel {local.Name} stopped.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => stopping.Dispose();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var awsLog = logs.GetLogger(model.Aws);
        await Publish(model.Aws, KnownResourceStates.Starting);
        LocalEnvironment local;
        try
        {
            local = await LocalEnvironment.StartAsync(target.Settings.Name, target, AwsPort(configuration), FaultOptions.None, cancellationToken);
        }
        catch (LocalEnvironmentException e)
        {
            awsLog.LogError("{Error}", e.Message);
            Console.Error.WriteLine($"error: {e.Message}");
            await Publish(model.Aws, KnownResourceStates.FailedToStart);
            System.Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        Environment = local;
        awsLog.LogInformation("AWS emulator listening on {Endpoint}", local.Endpoint);
        await notifications.PublishUpdateAsync(model.Aws, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            Urls = [new UrlSnapshot("endpoint", local.Endpoint, IsInternal: false)],
            Properties = PikselAppModel.Properties(("endpoint", local.Endpoint), ("region", local.Settings.Region), ("account", local.Settings.Account)),
        });

        var applied = await ApplyAsync(local, cancellationToken);
        if (applied is null) return;
        Applied = applied;
        var outputs = await local.WriteFilesAsync(applied, cancellationToken);
        await PublishRunningAsync(local, applied, outputs);
        Console.WriteLine(local.ReadyText(clock.Elapsed, outputs));
        Console.WriteLine($"  dashboard: {dashboard.LoginUrl}");
    }

    /// <summary>The AWS endpoint's port: 4566, or <c>AppHost:AwsPort</c> (variable <c>AppHost__AwsPort</c>; 0 = any free port) where tests run beside a developer's environment.</summary>
    private static int AwsPort(IConfiguration configuration) => configuration.GetValue("AppHost:AwsPort", 4566);

    private async Task<ApplyResult?> ApplyAsync(LocalEnvironment local, CancellationToken cancellationToken)
    {
        var platformLog = logs.GetLogger(model.Platform);
        await Publish(model.Platform, "Planning", KnownResourceStateStyles.Info);
        var progress = new ApplyProgress(model, notifications, platformLog);
        try
        {
            return await local.ApplyAsync(plan => progress.Planned(plan), progress, cancellationToken);
        }
        catch (PlatformEngineException e)
        {
            platformLog.LogError("{Error}", e.Message);
            Console.Error.WriteLine($"error: {e.Message}");
            await notifications.PublishUpdateAsync(model.Platform, s => s with
            {
                State = new ResourceStateSnapshot("Failed", KnownResourceStateStyles.Error),
                Properties = s.Properties.Add(new ResourcePropertySnapshot("failed", string.Join(", ", progress.Failed))),
            });
            return null;
        }
    }

    private async Task PublishRunningAsync(LocalEnvironment local, ApplyResult applied, IReadOnlyDictionary<string, string> outputs)
    {
        foreach (var (name, resource) in model.Clusters)
        {
            var endpoint = outputs.GetValueOrDefault("cluster.name") == name ? outputs.GetValueOrDefault("cluster.endpoint") : null;
            await notifications.PublishUpdateAsync(resource, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Urls = endpoint is null ? [] : [new UrlSnapshot("api-server", endpoint, IsInternal: false)],
                Properties = PikselAppModel.Properties(("cluster", name), ("kubeconfig", KubeconfigFile.PathIn(local.Root))),
            });
        }

        var address = outputs.GetValueOrDefault("database.address");
        var port = outputs.GetValueOrDefault("database.port");
        await notifications.PublishUpdateAsync(model.Database, s => s with
        {
            State = address is null ? KnownResourceStates.NotStarted : KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            Urls = address is null ? [] : [new UrlSnapshot("postgres", $"postgresql://{address}:{port}", IsInternal: false)],
            Properties = PikselAppModel.Properties(("instance", outputs.GetValueOrDefault("database.instance") ?? "")),
        });

        foreach (var (group, resource) in model.Groups)
        {
            var members = applied.Done.Keys.Where(id => PlatformGroups.Of(id) == group).OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
            await notifications.PublishUpdateAsync(resource, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                Properties = [.. members.Select(id => new ResourcePropertySnapshot(id.ToString(), Describe(applied, id)))],
            });
        }

        await notifications.PublishUpdateAsync(model.Platform, s => s with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
            StartTimeStamp = DateTime.UtcNow,
            Properties = [.. s.Properties.Where(p => p.Name is "environment" or "resources"), new ResourcePropertySnapshot("applied", applied.Summary())],
        });
    }

    /// <summary>A resource's line in its group: its ARN when it has one, else what was done to it.</summary>
    private static string Describe(ApplyResult applied, ResourceId id) =>
        applied.ResourceOutputs.TryGetValue(id, out var outputs) && outputs.TryGetValue("arn", out var arn) ? arn : applied.Done[id].ToString();

    private Task Publish(IResource resource, string state, string? style = null) =>
        notifications.PublishUpdateAsync(resource, s => s with { State = new ResourceStateSnapshot(state, style) });
}
