using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// Turns a <see cref="PlatformSpec"/> into resources through a provider: <see cref="PlanAsync"/> reads actual state
/// and decides a change per resource, <see cref="ApplyAsync"/> carries a plan out, <see cref="DestroyAsync"/> removes
/// what the environment's tags mark as managed. Handler calls run with bounded parallelism and retries.
/// </summary>
public sealed class PlatformEngine
{
    private readonly EngineOptions options;
    private readonly TimeProvider time;

    /// <summary>Creates an engine with <paramref name="options"/> (validated) and a clock for retry delays.</summary>
    public PlatformEngine(EngineOptions? options = null, TimeProvider? time = null)
    {
        this.options = (options ?? new EngineOptions()).Validate();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Plans the changes that bring the platform to <paramref name="spec"/>.</summary>
    public Task<Plan> PlanAsync(PlatformSpec spec, IPlatformProvider provider, IProgress<EngineEvent>? progress = null, CancellationToken cancellationToken = default) =>
        Planner.PlanAsync(new EngineRun(spec, provider, options, time, progress), PlanMode.Apply, cancellationToken);

    /// <summary>Plans the deletion of everything the spec describes and everything else tagged as the environment's.</summary>
    public Task<Plan> PlanDestroyAsync(PlatformSpec spec, IPlatformProvider provider, IProgress<EngineEvent>? progress = null, CancellationToken cancellationToken = default) =>
        Planner.PlanAsync(new EngineRun(spec, provider, options, time, progress), PlanMode.Destroy, cancellationToken);

    /// <summary>
    /// Carries out <paramref name="plan"/>. Refuses to start when an input is missing; when resources fail, the rest
    /// carries on and a <see cref="PlatformEngineException"/> lists the failures afterwards.
    /// </summary>
    public Task<ApplyResult> ApplyAsync(Plan plan, IPlatformProvider provider, IProgress<EngineEvent>? progress = null, CancellationToken cancellationToken = default) =>
        Applier.ApplyAsync(new EngineRun(plan.Spec, provider, options, time, progress), plan, cancellationToken);

    /// <summary>Plans and carries out the destruction of the environment.</summary>
    public async Task<ApplyResult> DestroyAsync(PlatformSpec spec, IPlatformProvider provider, IProgress<EngineEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = await PlanDestroyAsync(spec, provider, progress, cancellationToken);
        return await ApplyAsync(plan, provider, progress, cancellationToken);
    }
}
