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
        var graph = DependencyGraph.Of(run.Spec);
        var changes = new ConcurrentDictionary<ResourceId, ResourceChange>();
        var outcomes = await DagExecutor.RunAsync(
            graph.Order,
            graph.DependenciesOf,
            async (id, ct) => changes[id] = await PlanOneAsync(run, graph, changes, run.Spec[id], mode, ct).ConfigureAwait(false),
            (id, failed) => run.Report(id, ChangeKind.NoChange, EnginePhase.Skipped, $"{failed} could not be read"),
            run.Options.MaxParallelism,
            cancellationToken).ConfigureAwait(false);
        var failures = run.Failures(outcomes);
        if (failures.Count > 0)
        {
            throw new PlatformEngineException("Plan", failures);
        }

        var orphans = await FindOrphansAsync(run, cancellationToken).ConfigureAwait(false);
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
        var observed = await run.Retries.RunAsync(resource.Id, ct => handler.ReadAsync(desired, ct), cancellationToken).ConfigureAwait(false);
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

    private static async Task<IReadOnlyList<ResourceChange>> FindOrphansAsync(EngineRun run, CancellationToken cancellationToken)
    {
        var inSpec = run.Spec.Resources.Select(r => r.Id).ToHashSet();
        var orphans = new List<ResourceChange>();
        foreach (var handler in run.Provider.Handlers.All)
        {
            var listing = new ResourceId(handler.ResourceType.Name, "*");
            var managed = await run.Retries.RunAsync(listing, ct => handler.ListManagedAsync(run.Spec.Environment, ct), cancellationToken).ConfigureAwait(false);
            orphans.AddRange(managed
                .Where(o => !inSpec.Contains(o.State.Id))
                .Select(o => new ResourceChange { Id = o.State.Id, Kind = ChangeKind.Delete, Actual = o }));
        }

        return orphans;
    }
}
