using Microsoft.Extensions.Logging;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The platform's <c>plan</c> command: the engine's plan of the spec against the live environment (what <c>plan</c> prints
/// on the command line), its changes as the console log and a count per kind as the result. Nothing is changed.
/// </summary>
internal sealed class DriftCheck(IPlatformProvider provider, PlatformSpec spec)
{
    /// <summary>Plans; the result says "no drift" or counts the changes an apply would make.</summary>
    public async Task<CommandOutcome> RunAsync(ILogger log, CancellationToken cancellationToken)
    {
        var plan = await new PlatformEngine().PlanAsync(spec, provider, cancellationToken: cancellationToken);
        foreach (var line in plan.Render(showUnchanged: false).Split('\n')) log.LogInformation("{Line}", line.TrimEnd('\r'));
        return new CommandOutcome(true, Summary(plan));
    }

    /// <summary>"no drift: n resources match the spec", or the changes by kind (e.g. "drift: 1 to create, 2 to update").</summary>
    public static string Summary(Plan plan)
    {
        if (!plan.HasChanges) return $"no drift: {plan.Changes.Count} resources match the spec";
        var parts = new List<string>();
        foreach (var (kind, verb) in new[] { (ChangeKind.Create, "create"), (ChangeKind.Update, "update"), (ChangeKind.Replace, "replace"), (ChangeKind.Delete, "delete") })
        {
            if (plan.Count(kind) is > 0 and var n) parts.Add($"{n} to {verb}");
        }
        return $"drift: {string.Join(", ", parts)}";
    }
}
