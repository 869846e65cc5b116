using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Piksel.Hosting.Verification;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The commands the dashboard offers, each enabled while the platform is Running: on <c>platform</c> verify and plan
/// (drift), on <c>platform-secret-syncs</c> sync now, on <c>platform-secrets</c> rotate a generated secret. The work is
/// done by plain classes (<see cref="DriftCheck"/>, <see cref="SecretSyncs"/>, <see cref="SecretRotation"/>); the
/// details go to the resource's console log and the summary is the command's result.
/// </summary>
internal static class PlatformCommandsOnDashboard
{
    /// <summary>The argument naming one ExternalSecret or one secret.</summary>
    public const string NameArgument = "name";

    /// <summary>Adds verify and plan to <paramref name="platform"/>.</summary>
    public static void AddToPlatform(IResourceBuilder<PikselResource> platform)
    {
        platform.WithCommand("verify", "Verify", VerifyAsync, new CommandOptions
        {
            Description = "Check IRSA least privilege, secret synchronisation, the database and the guard rails; the table goes to the console log.",
            IconName = "CheckmarkCircle",
            IsHighlighted = true,
            UpdateState = WhenPlatformRunning,
        });
        platform.WithCommand("plan", "Plan (drift)", PlanAsync, new CommandOptions
        {
            Description = "Plan the spec against the live environment without changing it: the changes go to the console log, their count is the result.",
            IconName = "DocumentSearch",
            UpdateState = WhenPlatformRunning,
        });
    }

    /// <summary>Adds "sync now" to the secret syncs group.</summary>
    public static void AddToSecretSyncs(IResourceBuilder<PikselResource> group)
    {
        group.WithCommand("sync-now", "Sync now", SyncNowAsync, new CommandOptions
        {
            Description = "Force the External Secrets Operator to sync now (the force-sync annotation): every ExternalSecret, or the one named.",
            IconName = "ArrowSync",
            IsHighlighted = true,
            UpdateState = WhenPlatformRunning,
            Arguments = [new InteractionInput { Name = NameArgument, Label = "ExternalSecret (namespace/name; empty for all)", InputType = InputType.Text, Required = false, MaxLength = 253 }],
        });
    }

    /// <summary>Adds "rotate" to the secrets group.</summary>
    public static void AddToSecrets(IResourceBuilder<PikselResource> group)
    {
        group.WithCommand("rotate", "Rotate generated secret", RotateAsync, new CommandOptions
        {
            Description = "Give a generated secret a new value (a new Secrets Manager version) and sync the ExternalSecrets that read it.",
            IconName = "KeyReset",
            ConfirmationMessage = "Rotate the secret? Its users get the new value at their next sync.",
            UpdateState = WhenPlatformRunning,
            Arguments = [new InteractionInput { Name = NameArgument, Label = "Secret name (empty when there is one)", InputType = InputType.Text, Required = false, MaxLength = 512 }],
        });
    }

    private static ResourceCommandState WhenPlatformRunning(UpdateCommandStateContext context)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        var model = context.Services.GetRequiredService<PikselAppModel>();
        return notifications.TryGetCurrentState(model.Platform.Name, out var platform) && platform.Snapshot.State?.Text == KnownResourceStates.Running
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
    }

    private static async Task<ExecuteCommandResult> VerifyAsync(ExecuteCommandContext context)
    {
        if (Running(context) is not { } live) return NotApplied;
        var verifier = new PlatformVerifier(live.Local.Provider, live.Local.Settings);
        var report = await verifier.VerifyAsync(live.Model.Spec, null, context.CancellationToken);
        foreach (var line in report.Render().Split('\n')) live.Log.LogInformation("{Line}", line.TrimEnd('\r'));
        var summary = $"{report.Count(CheckOutcome.Passed)} passed, {report.Count(CheckOutcome.Failed)} failed, {report.Count(CheckOutcome.Skipped)} skipped";
        if (report.Passed) return CommandResults.Success(summary);
        // The dashboard shows this message alone: name what failed, as the table in the log does.
        var failed = report.Results.Where(r => r.Outcome == CheckOutcome.Failed).Select(r => $"{r.Area} {r.Subject} {r.Check}: {r.Detail}");
        return CommandResults.Failure($"{summary}; failed: {string.Join("; ", failed)}");
    }

    private static async Task<ExecuteCommandResult> PlanAsync(ExecuteCommandContext context)
    {
        if (Running(context) is not { } live) return NotApplied;
        return Result(await new DriftCheck(live.Local.Provider, live.Model.Spec).RunAsync(live.Log, context.CancellationToken), live.Log);
    }

    private static async Task<ExecuteCommandResult> SyncNowAsync(ExecuteCommandContext context)
    {
        if (Running(context) is not { } live) return NotApplied;
        var syncs = new SecretSyncs(live.Local.Provider, live.Model.Spec, TimeProvider.System);
        var outcome = await syncs.ForceSyncAsync(Argument(context), context.CancellationToken);
        if (outcome.Succeeded) live.Runner.RefreshSoon();
        return Result(outcome, live.Log);
    }

    private static async Task<ExecuteCommandResult> RotateAsync(ExecuteCommandContext context)
    {
        if (Running(context) is not { } live) return NotApplied;
        var syncs = new SecretSyncs(live.Local.Provider, live.Model.Spec, TimeProvider.System);
        var outcome = await new SecretRotation(live.Local.Provider, live.Model.Spec, syncs).RotateAsync(Argument(context), context.CancellationToken);
        if (outcome.Succeeded) live.Runner.RefreshSoon();
        return Result(outcome, live.Log);
    }

    private static ExecuteCommandResult NotApplied => CommandResults.Failure("The platform is not applied yet.");

    private static ExecuteCommandResult Result(CommandOutcome outcome, ILogger log)
    {
        if (outcome.Succeeded) log.LogInformation("{Summary}", outcome.Summary);
        else log.LogWarning("{Summary}", outcome.Summary);
        return outcome.Succeeded ? CommandResults.Success(outcome.Summary) : CommandResults.Failure(outcome.Summary);
    }

    private static string? Argument(ExecuteCommandContext context) =>
        context.Arguments?.FirstOrDefault(a => a.Name == NameArgument)?.Value is { Length: > 0 } value ? value : null;

    private static Live? Running(ExecuteCommandContext context)
    {
        var runner = context.Services.GetRequiredService<EnvironmentRunner>();
        var model = context.Services.GetRequiredService<PikselAppModel>();
        if (runner.Environment is not { } local || runner.Applied is null) return null;
        var resource = model.ByName(context.ResourceName) ?? model.Platform;
        return new Live(runner, model, local, context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource));
    }

    private sealed record Live(EnvironmentRunner Runner, PikselAppModel Model, LocalEnvironment Local, ILogger Log);
}
