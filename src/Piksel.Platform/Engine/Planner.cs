using System.Collections.Concurrent;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// Reads every resource of the spec through its handler (dependencies first, so references resolve), diffs desired
/// against actual, and finds resources the spec no longer lists by the environment's tags.
/// </summary>
internal static class Planner
{
    public static async Task<Plan> PlanAsync(EngineRun run, PlanMode mode, CancellationToken cancellationToken)
    {
        using var span = EngineTelemetry.StartRun(mode == PlanMode.Destroy ? "plan-destroy" : "plan", run);
        var graph = DependencyGraph.Of(run.Spec);
        var changes = new ConcurrentDictionary<ResourceId, ResourceChange>();
        // The orphan scan (one listing per handler) needs nothing from the reads, so its listings run in the same
        // bounded schedule: after the spec's nodes in priority, they fill the slots the dependency order leaves idle.
        var listings = run.Provider.Handlers.All.ToDictionary(h => new ResourceId(h.ResourceType.Name, "*"));
        var orphans = new ConcurrentBag<ResourceChange>();
        var inSpec = run.Spec.Resources.Select(r => r.Id).ToHashSet();
        var outcomes = await DagExecutor.RunAsync(
            [.. graph.Order, .. listings.Keys],
            id => listings.ContainsKey(id) ? [] : graph.DependenciesOf(id),
            async (id, ct) =>
            {
                if (listings.TryGetValue(id, out var handler))
                {
                    await FindOrphansAsync(run, id, handler, inSpec, orphans, ct);
                }
                else
                {
                    await EngineTelemetry.RunResourceAsync(run, "plan", id, async resourceSpan =>
                    {
                        var change = changes[id] = await PlanOneAsync(run, graph, changes, run.Spec[id], mode, ct);
                        resourceSpan?.SetTag("piksel.change.kind", change.Kind.ToString());
                    });
                }
            },
            (id, failed) => run.Report(id, ChangeKind.NoChange, EnginePhase.Skipped, $"{failed} could not be read"),
            run.Options.MaxParallelism,
            cancellationToken);
        var failures = run.Failures(outcomes);
        EngineTelemetry.Finish(span, failures.Count);
        if (failures.Count > 0)
        {
            throw new PlatformEngineException("Plan", failures);
        }

        var kindDepths = graph.KindDepths();
        var orderedOrphans = orphans
            .OrderByDescending(o => kindDepths.GetValueOrDefault(o.Id.Kind))
            .ThenBy(o => o.Id.ToString(), StringComparer.Ordinal);
        var specChanges = mode == PlanMode.Destroy
            ? graph.Order.Reverse().Select(id => changes[id]).Where(c => c.Kind == ChangeKind.Delete)
            : graph.Order.Select(id => changes[id]);
        return new Plan
        {
            Spec = run.Spec,
            Mode = mode,
            Changes = mode == PlanMode.Destroy ? [.. orderedOrphans, .. specChanges] : [.. specChanges, .. orderedOrphans],
        };
    }

    private static async Task<ResourceChange> PlanOneAsync(
        EngineRun run,
        DependencyGraph graph,
        ConcurrentDictionary<ResourceId, ResourceChange> changes,
        PlatformResource resource,
        PlanMode mode,
        CancellationToken cancellationToken)
    {
        var handler = run.HandlerFor(resource);
        var desired = run.Resolve(resource);
        var observed = await run.Retries.RunAsync(resource.Id, ct => handler.ReadAsync(desired, ct), cancellationToken);
        if (mode == PlanMode.Destroy)
        {
            if (observed is not null)
            {
                run.Outputs[resource.Id] = observed.Outputs;
            }

            return new ResourceChange { Id = resource.Id, Kind = observed is null ? ChangeKind.NoChange : ChangeKind.Delete, Actual = observed };
        }

        var recheck = graph.DependenciesOf(resource.Id).Any(d => changes[d] is { Kind: ChangeKind.Create or ChangeKind.Replace } or { Recheck: true });
        var missing = Inputs.MissingIn(desired);
        if (observed is null)
        {
            return new ResourceChange
            {
                Id = resource.Id,
                Kind = ChangeKind.Create,
                Desired = desired,
                Attributes = AttributeDiff.ForCreate(desired),
                Recheck = recheck,
                MissingInputs = missing,
            };
        }

        var attributes = AttributeDiff.Compare(Inputs.ForDiff(desired, observed.State), observed.State);
        var kind = AttributeDiff.KindOf(attributes);
        if (kind != ChangeKind.Replace)
        {
            // Outputs survive an in-place update, so dependents can resolve their references now.
            run.Outputs[resource.Id] = observed.Outputs;
        }

        return new ResourceChange
        {
            Id = resource.Id,
            Kind = kind,
            Desired = desired,
            Actual = observed,
            Attributes = attributes,
            Recheck = recheck,
            MissingInputs = missing,
        };
    }

    /// <summary>Adds what <paramref name="handler"/> manages for the environment but the spec no longer lists.</summary>
    private static async Task FindOrphansAsync(
        EngineRun run, ResourceId listing, IUntypedResourceHandler handler, HashSet<ResourceId> inSpec, ConcurrentBag<ResourceChange> orphans, CancellationToken cancellationToken)
    {
        // The spec's own resources are read by the plan already: the handler may skip reading them again.
        var managed = await run.Retries.RunAsync(listing, ct => handler.ListManagedAsync(run.Spec.Environment, inSpec.Contains, ct), cancellationToken);
        foreach (var o in managed.Where(o => !inSpec.Contains(o.State.Id)))
        {
            orphans.Add(new ResourceChange { Id = o.State.Id, Kind = ChangeKind.Delete, Actual = o });
        }
    }
}
