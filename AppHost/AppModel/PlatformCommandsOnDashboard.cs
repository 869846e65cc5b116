using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Piksel.Hosting.Verification;

namespace Piksel.AppHost.AppModel;

/// <summary>The platform resource's commands in the dashboard: what <c>verify</c> does on the command line, run on the live environment.</summary>
internal static class PlatformCommandsOnDashboard
{
    /// <summary>Adds the commands to <paramref name="platform"/>.</summary>
    public static void Add(IResourceBuilder<PikselResource> platform)
    {
        platform.WithCommand("verify", "Verify", VerifyAsync, new CommandOptions
        {
            Description = "Check IRSA least privilege, secret synchronisation, the database and the guard rails; the table goes to the console log.",
            IconName = "CheckmarkCircle",
            IsHighlighted = true,
            UpdateState = Ready,
        });
    }

    private static ResourceCommandState Ready(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> VerifyAsync(ExecuteCommandContext context)
    {
        var runner = context.Services.GetRequiredService<EnvironmentRunner>();
        var model = context.Services.GetRequiredService<PikselAppModel>();
        if (runner.Environment is not { } local || runner.Applied is null) return CommandResults.Failure("The platform is not applied yet.");
        var log = context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(model.Platform);
        var verifier = new PlatformVerifier(local.Provider, local.Settings);
        var report = await verifier.VerifyAsync(model.Spec, null, context.CancellationToken);
        foreach (var line in report.Render().Split('\n')) log.LogInformation("{Line}", line.TrimEnd('\r'));
        var summary = $"{report.Count(CheckOutcome.Passed)} passed, {report.Count(CheckOutcome.Failed)} failed, {report.Count(CheckOutcome.Skipped)} skipped";
        return report.Passed ? CommandResults.Success(summary) : CommandResults.Failure(summary);
    }
}
