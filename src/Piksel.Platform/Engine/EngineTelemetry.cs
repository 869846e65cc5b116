using System.Diagnostics;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// The engine's OpenTelemetry source: a root span per plan/apply/destroy and a child span per resource (id, change
/// kind, retries, outcome). Messages are scrubbed by the run's <see cref="Redactor"/>: no secret value in a span.
/// </summary>
public static class EngineTelemetry
{
    /// <summary>The ActivitySource name.</summary>
    public const string SourceName = "Piksel.Platform.Engine";

    /// <summary>The source; spans cost nothing while nobody listens.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the run's root span.</summary>
    internal static Activity? StartRun(string operation, EngineRun run)
    {
        var span = Source.StartActivity($"platform.{operation}", ActivityKind.Internal);
        span?.SetTag("piksel.operation", operation);
        span?.SetTag("piksel.resources", run.Spec.Resources.Count);
        return span;
    }

    /// <summary>Runs <paramref name="work"/> inside a span for resource <paramref name="id"/>; the span records the outcome and retries.</summary>
    internal static async Task RunResourceAsync(EngineRun run, string operation, ResourceId id, Func<Activity?, Task> work)
    {
        using var span = Source.StartActivity($"{operation} {id}", ActivityKind.Internal);
        span?.SetTag("piksel.resource.id", id.ToString());
        span?.SetTag("piksel.resource.kind", id.Kind);
        try
        {
            await work(span);
            span?.SetTag("piksel.outcome", "succeeded");
        }
        catch (Exception e) when (span is not null)
        {
            span.SetTag("piksel.outcome", e is OperationCanceledException ? "cancelled" : "failed");
            span.SetTag("error.type", e.GetType().Name);
            span.SetStatus(ActivityStatusCode.Error, run.Redactor.Scrub(e.Message));
            throw;
        }
        finally
        {
            if (span is not null) span.SetTag("piksel.retries", run.RetriesOf(id));
        }
    }

    /// <summary>Closes the run's root span with the failures counted.</summary>
    internal static void Finish(Activity? span, int failures)
    {
        if (span is null) return;
        span.SetTag("piksel.failures", failures);
        if (failures > 0) span.SetStatus(ActivityStatusCode.Error, $"{failures} resource(s) failed");
    }
}
