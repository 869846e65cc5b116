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
/// Runs the environment inside the Aspire app on its provider: starts the emulators (or opens LocalStack, the user's
/// endpoint and cluster, or the real accounts), plans and applies the platform, writes the user's files and prints the
/// ready line, publishing each step as the resources' states (Planning → Applying n of m → Running, or Failed naming
/// what failed). Stopping the app stops what was started (emulators, database servers, containers); it destroys nothing.
/// </summary>
internal sealed class EnvironmentRunner(
    PikselAppModel model, EnvironmentTarget target, ProviderChoice choice, AspireUpOptions options, DashboardLink dashboard, ResourceNotificationService notifications,
    ResourceLoggerService logs, EmulatorLogs emulatorLogs, IHostApplicationLifetime lifetime, TimeProvider time, IConfiguration configuration) : IHostedLifecycleService, IDisposable
{
    /// <summary>How often the live states (ExternalSecrets' sync) are read again while the platform runs.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long the platform waits for its ExternalSecrets to sync before it is published Running anyway (with a warning).</summary>
    public static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How often the ExternalSecrets are read while waiting for them to sync.</summary>
    private static readonly TimeSpan SyncPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource stopping = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly SemaphoreSlim refreshNow = new(0, 1);
    private Task running = Task.CompletedTask;
    private Task<EarlyStart>? starting;
    private int stopped;

    /// <summary>The running environment, once the emulators have started.</summary>
    public LocalEnvironment? Environment { get; private set; }

    /// <summary>The last apply's result, once applied.</summary>
    public ApplyResult? Applied { get; private set; }

    /// <summary>The platform's outputs (as <c>outputs.json</c> holds them), once applied.</summary>
    public IReadOnlyDictionary<string, string>? Outputs { get; private set; }

    /// <summary>Reads the live states again now rather than at the next interval (after a command changed them).</summary>
    public void RefreshSoon()
    {
        try { refreshNow.Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <summary>
    /// Starts the environment and its plan as the host starts, before any hosted service's <see cref="StartAsync"/>:
    /// Aspire's own (the orchestrator, the dashboard) take seconds there, and starting the emulators and planning (which
    /// only reads) need none of them. Nothing is published yet: the resources' initial states come first.
    /// </summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var token = stopping.Token;
        starting = Task.Run(
            async () =>
            {
                var local = await LocalEnvironment.StartAsync(options.Env, target, choice, AwsPort(options, configuration), FaultOptions.None, emulatorLogs.Factory, token);
                return new EarlyStart(local, local.PlanAsync(token));
            },
            CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Once: Aspire.Hosting.Testing stops the host again after it has disposed it (and this runner's token source).
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        await stopping.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        // Started, but stopped before RunAsync took it over: the emulators still need stopping.
        var local = Environment ?? (starting is { IsCompletedSuccessfully: true } early ? early.Result.Local : null);
        if (local is not null)
        {
            await local.DisposeAsync();
            Console.WriteLine($"Piksel {local.Name} stopped.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Dispose();
        refreshNow.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var awsLog = logs.GetLogger(model.Aws);
        await Publish(model.Aws, KnownResourceStates.Starting);
        LocalEnvironment local;
        Task<Plan> planning;
        try
        {
            (local, planning) = await (starting ?? throw new InvalidOperationException("the host did not call StartingAsync"));
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
        var provider = local.Provider.Kind.ToString().ToLowerInvariant();
        awsLog.LogInformation("AWS ({Provider}) at {Endpoint}", provider, local.Endpoint);
        // On aws the terminal has the guard's line already (as the verbs print it); the resource's log keeps it too.
        if (local.GuardLine is { } guard) awsLog.LogInformation("{Guard}", guard);
        await notifications.PublishUpdateAsync(model.Aws, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = time.GetUtcNow().UtcDateTime,
            Urls = [new UrlSnapshot("endpoint", local.Endpoint, IsInternal: false)],
            Properties = PikselAppModel.Properties(
                ("endpoint", local.Endpoint), ("provider", provider), ("region", local.Settings.Region), ("account", local.Settings.Account),
                ("capabilities", local.Provider.Capabilities.ToString())),
        });

        // WaitFor(aws): the platform is applied once the emulator's health check passes.
        await Publish(model.Platform, KnownResourceStates.Waiting);
        await notifications.WaitForDependenciesAsync(model.Platform, cancellationToken);
        var applied = await ApplyAsync(local, planning, cancellationToken);
        if (applied is null)
        {
            // The app stays up with the platform Failed: the dashboard shows what failed and keeps its logs.
            Console.WriteLine($"  dashboard: {dashboard.LoginUrl}");
            return;
        }
        Applied = applied;
        var outputs = await local.WriteFilesAsync(applied, cancellationToken);
        Outputs = outputs;
        // Running promises that verify passes: the operator syncs the ExternalSecrets only after the apply wrote them.
        await Publish(model.Platform, "Syncing secrets", KnownResourceStateStyles.Info);
        var unsynced = await new SecretSyncs(local.Provider, model.Spec, time).WaitSyncedAsync(SyncTimeout, SyncPollInterval, cancellationToken);
        foreach (var (name, state) in unsynced)
            logs.GetLogger(model.Platform).LogWarning("ExternalSecret {Name} not synced after {Seconds} s: {State}", name, SyncTimeout.TotalSeconds, state);
        await PublishRunningAsync(local, applied, outputs, unsynced.Count == 0);
        Console.WriteLine(local.ReadyText(clock.Elapsed, outputs));
        Console.WriteLine($"  dashboard: {dashboard.LoginUrl}");
        await KeepCurrentAsync(local, cancellationToken);
    }

    /// <summary>Reads the ExternalSecrets' states into the secret syncs group every <see cref="RefreshInterval"/> (and when asked) until stopped.</summary>
    private async Task KeepCurrentAsync(LocalEnvironment local, CancellationToken cancellationToken)
    {
        if (!model.Groups.TryGetValue(PlatformGroups.SecretSyncs, out var group)) return;
        var syncs = new SecretSyncs(local.Provider, model.Spec, time);
        var log = logs.GetLogger(group);
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var states = await syncs.ReadAsync(cancellationToken);
                var summary = string.Join("; ", states.Select(s => $"{s.Name}: {s.State}"));
                if (summary != last) log.LogInformation("{States}", summary);
                last = summary;
                await notifications.PublishUpdateAsync(group, s => SecretSyncsSnapshot.With(s, states));
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var woken = refreshNow.WaitAsync(wake.Token);
                await Task.WhenAny(woken, Task.Delay(RefreshInterval, time, wake.Token));
                await wake.CancelAsync();
                _ = woken.Exception;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or InvalidOperationException)
            {
                // The cluster answering badly for a moment must not end the refresh: try again at the next interval.
                log.LogWarning("reading the ExternalSecrets failed: {Error}", e.Message);
                await Task.Delay(RefreshInterval, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The AWS endpoint's port: <c>up --port</c> (default 4566), unless <c>AppHost:AwsPort</c> is configured (variable
    /// <c>AppHost__AwsPort</c>; 0 = any free port), as tests running the app model beside a developer's environment do.
    /// </summary>
    private static int AwsPort(AspireUpOptions options, IConfiguration configuration) => configuration.GetValue("AppHost:AwsPort", options.Port);

    private async Task<ApplyResult?> ApplyAsync(LocalEnvironment local, Task<Plan> planning, CancellationToken cancellationToken)
    {
        var platformLog = logs.GetLogger(model.Platform);
        await Publish(model.Platform, "Planning", KnownResourceStateStyles.Info);
        var progress = new ApplyProgress(model, notifications, platformLog);
        ApplyResult result;
        try
        {
            var plan = await planning;
            // The same lines as up --headless prints, in the terminal too (the dots stay headless's).
            Console.WriteLine($"Applying {plan.Changes.Count(c => c.Kind != ChangeKind.NoChange)} of {plan.Changes.Count} resources …");
            progress.Planned(plan);
            result = await local.ApplyAsync(plan, progress, cancellationToken);
        }
        catch (PlatformEngineException e)
        {
            platformLog.LogError("{Error}", e.Message);
            Console.Error.WriteLine($"error: {e.Message}");
            var failed = progress.Failed.ToList();
            await notifications.PublishUpdateAsync(model.Platform, s => s with
            {
                State = new ResourceStateSnapshot(failed.Count == 0 ? "Failed" : $"Failed: {failed[0]}", KnownResourceStateStyles.Error),
                Properties = s.Properties.Add(new ResourcePropertySnapshot("failed", string.Join(", ", failed))),
            });
            return null;
        }

        Console.WriteLine($"Applied {result.Summary()}.");
        platformLog.LogInformation("Applied {Summary}.", result.Summary());
        return result;
    }

    /// <summary>
    /// The platform is Running once its ExternalSecrets are synced, or after <see cref="SyncTimeout"/> with a warning
    /// style (a cluster without the operator never syncs them; the app still runs and the log names them).
    /// </summary>
    private async Task PublishRunningAsync(LocalEnvironment local, ApplyResult applied, IReadOnlyDictionary<string, string> outputs, bool synced)
    {
        foreach (var (name, resource) in model.Clusters)
        {
            var endpoint = outputs.GetValueOrDefault("cluster.name") == name ? outputs.GetValueOrDefault("cluster.endpoint") : null;
            await notifications.PublishUpdateAsync(resource, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = time.GetUtcNow().UtcDateTime,
                Urls = endpoint is null ? [] : [new UrlSnapshot("api-server", endpoint, IsInternal: false)],
                Properties = PikselAppModel.Properties(("cluster", name), ("kubeconfig", KubeconfigFile.PathIn(local.Root))),
            });
        }

        var address = outputs.GetValueOrDefault("database.address");
        var port = outputs.GetValueOrDefault("database.port");
        await notifications.PublishUpdateAsync(model.Database, s => s with
        {
            State = address is null ? KnownResourceStates.NotStarted : KnownResourceStates.Running,
            StartTimeStamp = time.GetUtcNow().UtcDateTime,
            Urls = address is null ? [] : [new UrlSnapshot("postgres", $"postgresql://{address}:{port}", IsInternal: false)],
            Properties = PikselAppModel.Properties(("instance", outputs.GetValueOrDefault("database.instance") ?? "")),
        });

        // The platform first: the groups' commands are enabled by its state, read when a group's snapshot changes next.
        await notifications.PublishUpdateAsync(model.Platform, s => s with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.Running, synced ? KnownResourceStateStyles.Success : KnownResourceStateStyles.Warn),
            StartTimeStamp = time.GetUtcNow().UtcDateTime,
            Properties = [.. s.Properties.Where(p => p.Name is "environment" or "resources"), new ResourcePropertySnapshot("applied", applied.Summary())],
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

    }

    /// <summary>A resource's line in its group: its ARN when it has one, else what was done to it.</summary>
    private static string Describe(ApplyResult applied, ResourceId id) =>
        applied.ResourceOutputs.TryGetValue(id, out var outputs) && outputs.TryGetValue("arn", out var arn) ? arn : applied.Done[id].ToString();

    private Task Publish(IResource resource, string state, string? style = null) =>
        notifications.PublishUpdateAsync(resource, s => s with { State = new ResourceStateSnapshot(state, style) });

    /// <summary>The environment started as the host starts, and its plan (running or done).</summary>
    private sealed record EarlyStart(LocalEnvironment Local, Task<Plan> Planning);
}
