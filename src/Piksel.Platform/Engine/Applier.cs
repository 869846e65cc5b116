using System.Collections.Concurrent;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// Carries out a <see cref="Plan"/>: creates and updates in dependency order, deletes in reverse (transitively, so a
/// dependent goes first even when the resource between them is already gone; resources the spec no longer lists
/// before the rest, deepest kinds first), at most <see cref="EngineOptions.MaxParallelism"/> calls at a time.
/// </summary>
internal static class Applier
{
    public static async Task<ApplyResult> ApplyAsync(EngineRun run, Plan plan, CancellationToken cancellationToken)
    {
        var missing = plan.Changes.Where(c => c.Kind != ChangeKind.Delete).SelectMany(c => c.MissingInputs).Distinct(StringComparer.Ordinal).ToArray();
        if (plan.Mode == PlanMode.Apply && missing.Length > 0)
        {
            throw new MissingInputsException(missing);
        }

        var started = run.Time.GetTimestamp();
        var operation = plan.Mode == PlanMode.Destroy ? "destroy" : "apply";
        using var span = EngineTelemetry.StartRun(operation, run);
        span?.SetTag("piksel.changes", plan.Changes.Count(c => c.Kind != ChangeKind.NoChange));
        var graph = DependencyGraph.Of(plan.Spec);
        var byId = plan.Changes.ToDictionary(c => c.Id);
        var inSpec = plan.Spec.Resources.Select(r => r.Id).ToHashSet();
        var kindDepths = graph.KindDepths();
        var orphans = plan.Changes.Where(c => !inSpec.Contains(c.Id)).Select(c => c.Id).ToArray();
        int Depth(ResourceId id) => kindDepths.GetValueOrDefault(id.Kind);

        IEnumerable<ResourceId> WaitsFor(ResourceId id)
        {
            if (!inSpec.Contains(id))
            {
                return orphans.Where(o => Depth(o) > Depth(id));
            }

            return byId[id].Kind == ChangeKind.Delete
                ? graph.TransitiveDependentsOf(id).Where(d => byId.TryGetValue(d, out var c) && c.Kind == ChangeKind.Delete).Concat(orphans)
                : graph.DependenciesOf(id);
        }

        var done = new ConcurrentDictionary<ResourceId, ChangeKind>();
        var outcomes = await DagExecutor.RunAsync(
            plan.Changes.Select(c => c.Id).ToArray(),
            WaitsFor,
            (id, ct) => EngineTelemetry.RunResourceAsync(run, operation, id, async resourceSpan =>
            {
                resourceSpan?.SetTag("piksel.change.kind", byId[id].Kind.ToString());
                var kind = done[id] = await ApplyOneAsync(run, byId[id], ct);
                resourceSpan?.SetTag("piksel.change.applied", kind.ToString());
            }),
            (id, failed) => run.Report(id, byId[id].Kind, EnginePhase.Skipped, $"{failed} failed"),
            run.Options.MaxParallelism,
            cancellationToken);

        var result = new ApplyResult
        {
            Done = done.ToDictionary(),
            ResourceOutputs = run.Outputs.ToDictionary(),
            Outputs = ResolveOutputs(run, plan.Spec),
            Elapsed = run.Time.GetElapsedTime(started),
            Retries = run.RetryCounts,
        };
        var failures = run.Failures(outcomes);
        EngineTelemetry.Finish(span, failures.Count);
        return failures.Count > 0
            ? throw new PlatformEngineException(plan.Mode == PlanMode.Destroy ? "Destroy" : "Apply", failures, result)
            : result;
    }

    private static async Task<ChangeKind> ApplyOneAsync(EngineRun run, ResourceChange change, CancellationToken cancellationToken)
    {
        if (change.Kind == ChangeKind.NoChange && !change.Recheck)
        {
            run.Outputs[change.Id] = change.Actual!.Outputs;
            return ChangeKind.NoChange;
        }

        if (change.Kind == ChangeKind.Delete)
        {
            run.Report(change.Id, ChangeKind.Delete, EnginePhase.Started);
            var owner = run.HandlerFor(change.Actual!.State);
            await run.Retries.RunAsync(change.Id, ct => owner.DeleteAsync(change.Actual, ct), cancellationToken);
            run.Outputs.TryRemove(change.Id, out _);
            run.Report(change.Id, ChangeKind.Delete, EnginePhase.Completed);
            return ChangeKind.Delete;
        }

        var desired = run.Resolve(change.Desired!);
        var unknown = TokenResolution.References(desired).FirstOrDefault();
        if (unknown is not null)
        {
            throw new InvalidOperationException($"Output '{unknown.Output}' of {unknown.Resource} is unknown after it was applied: its handler did not report it.");
        }

        var handler = run.HandlerFor(desired);
        var actual = change.Actual;
        var kind = change.Kind;
        if (change.Recheck)
        {
            actual = await run.Retries.RunAsync(change.Id, ct => handler.ReadAsync(desired, ct), cancellationToken);
            kind = actual is null ? ChangeKind.Create : AttributeDiff.KindOf(AttributeDiff.Compare(desired, actual.State));
            if (kind == ChangeKind.NoChange)
            {
                run.Outputs[change.Id] = actual!.Outputs;
                return kind;
            }
        }

        run.Report(change.Id, kind, EnginePhase.Started);
        if (kind == ChangeKind.Replace)
        {
            await run.Retries.RunAsync(change.Id, ct => handler.DeleteAsync(actual!, ct), cancellationToken);
            actual = null;
        }

        var outputs = await run.Retries.RunAsync(change.Id, ct => handler.ApplyAsync(desired, actual, ct), cancellationToken);
        run.Outputs[change.Id] = outputs;
        run.Report(change.Id, kind, EnginePhase.Completed);
        return kind;
    }

    private static Dictionary<string, string> ResolveOutputs(EngineRun run, PlatformSpec spec) =>
        spec.Outputs
            .Select(o => (o.Name, Value: OutputRef.Resolve(o.Value, run.Lookup)))
            .Where(o => !OutputRef.HasTokens(o.Value))
            .ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);
}
