using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Piksel.Platform.Engine;
using Piksel.Platform.Spec;

namespace Piksel.AppHost.AppModel;

/// <summary>The engine's progress as resource states: the platform counts "Applying n of m", each group its own share.</summary>
internal sealed class ApplyProgress(PikselAppModel model, ResourceNotificationService notifications, ILogger log) : IProgress<EngineEvent>
{
    private readonly ConcurrentDictionary<ResourceId, EnginePhase> finished = new();
    private readonly ConcurrentQueue<ResourceId> failed = new();
    private Dictionary<ResourceId, ChangeKind> kinds = [];
    private Dictionary<string, int> totals = [];
    private int total;

    /// <summary>The resources that failed so far.</summary>
    public IEnumerable<string> Failed => failed.Select(id => id.ToString());

    /// <summary>Takes the plan's size (resources with a change) before the apply starts.</summary>
    public void Planned(Plan plan)
    {
        var changing = plan.Changes.Where(c => c.Kind != ChangeKind.NoChange).Select(c => c.Id).ToList();
        total = changing.Count;
        kinds = plan.Changes.ToDictionary(c => c.Id, c => c.Kind);
        totals = changing.GroupBy(PlatformGroups.Of).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        log.LogInformation("Applying {Changes} of {Resources} resources", total, plan.Changes.Count);
        _ = notifications.PublishUpdateAsync(model.Platform, s => s with { State = new ResourceStateSnapshot($"Applying 0 of {total}", KnownResourceStateStyles.Info) });
    }

    /// <inheritdoc />
    public void Report(EngineEvent value)
    {
        if (value.Phase is EnginePhase.Started or EnginePhase.Retrying)
        {
            if (value.Phase == EnginePhase.Retrying) log.LogWarning("{Resource} ({Change}): retrying: {Message}", value.Resource, Kind(value.Resource), value.Message);
            return;
        }
        if (!finished.TryAdd(value.Resource, value.Phase)) return;
        if (value.Phase == EnginePhase.Failed)
        {
            failed.Enqueue(value.Resource);
            log.LogError("{Resource} ({Change}) failed: {Message}", value.Resource, Kind(value.Resource), value.Message);
        }
        else
        {
            // One line per resource with its id and change kind as fields, as the engine's span per resource carries them.
            log.LogInformation("{Resource}: {Change} {Phase}", value.Resource, Kind(value.Resource), value.Phase);
        }
        var done = finished.Count;
        _ = notifications.PublishUpdateAsync(model.Platform, s => s with { State = new ResourceStateSnapshot($"Applying {done} of {Math.Max(total, done)}", KnownResourceStateStyles.Info) });
        var group = PlatformGroups.Of(value.Resource);
        if (!model.Groups.TryGetValue(group, out var resource)) return;
        var inGroup = finished.Keys.Count(id => PlatformGroups.Of(id) == group);
        var state = value.Phase == EnginePhase.Failed
            ? new ResourceStateSnapshot($"Failed: {value.Resource}", KnownResourceStateStyles.Error)
            : new ResourceStateSnapshot($"Applying {inGroup} of {Math.Max(totals.GetValueOrDefault(group), inGroup)}", KnownResourceStateStyles.Info);
        _ = notifications.PublishUpdateAsync(resource, s => s with { State = s.State?.Style == KnownResourceStateStyles.Error ? s.State : state });
    }

    private ChangeKind? Kind(ResourceId id) => kinds.TryGetValue(id, out var kind) ? kind : null;
}
