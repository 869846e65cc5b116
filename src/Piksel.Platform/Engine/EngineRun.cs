using System.Collections.Concurrent;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>What one plan or apply shares: the provider, retries, redaction, progress and the outputs learnt so far.</summary>
internal sealed class EngineRun
{
    private readonly IProgress<EngineEvent>? progress;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<ResourceId, long> started = new();
    private readonly ConcurrentDictionary<ResourceId, int> retries = new();

    public EngineRun(PlatformSpec spec, IPlatformProvider provider, EngineOptions options, TimeProvider time, IProgress<EngineEvent>? progress)
    {
        Spec = spec;
        Provider = provider;
        Options = options;
        this.time = time;
        this.progress = progress;
        Redactor = new Redactor(spec);
        Retries = new HandlerRetries(options, time, (id, attempt, error) =>
        {
            retries.AddOrUpdate(id, 1, (_, count) => count + 1);
            Report(id, ChangeKind.NoChange, EnginePhase.Retrying, $"attempt {attempt} after: {error.Message}");
        });
    }

    public PlatformSpec Spec { get; }

    public TimeProvider Time => time;

    public IPlatformProvider Provider { get; }

    public EngineOptions Options { get; }

    public Redactor Redactor { get; }

    public HandlerRetries Retries { get; }

    /// <summary>How many times each resource's calls were retried so far (resources never retried are absent).</summary>
    public IReadOnlyDictionary<ResourceId, int> RetryCounts => retries.ToDictionary();

    /// <summary>How many times <paramref name="id"/>'s calls were retried so far.</summary>
    public int RetriesOf(ResourceId id) => retries.GetValueOrDefault(id);

    /// <summary>Outputs of resources whose outputs are settled (existing and not being replaced, or applied).</summary>
    public ConcurrentDictionary<ResourceId, IReadOnlyDictionary<string, string>> Outputs { get; } = new();

    public IUntypedResourceHandler HandlerFor(PlatformResource resource) => Provider.Handlers.For(resource, Provider.Kind);

    /// <summary>Resolves every token whose output is known.</summary>
    public T Resolve<T>(T resource)
        where T : PlatformResource => TokenResolution.Resolve(resource, Lookup);

    public string? Lookup(OutputRef reference) =>
        Outputs.TryGetValue(reference.Resource, out var outputs) && outputs.TryGetValue(reference.Output, out var value) ? value : null;

    public void Report(ResourceId id, ChangeKind change, EnginePhase phase, string? message = null)
    {
        var now = time.GetTimestamp();
        var started = phase == EnginePhase.Started ? this.started[id] = now : this.started.GetValueOrDefault(id, now);
        progress?.Report(new EngineEvent(id, change, phase, message is null ? null : Redactor.Scrub(message), time.GetElapsedTime(started, now)));
    }

    /// <summary>Failures of a run as scrubbed records; the original exception is kept only when it holds no secret.</summary>
    public IReadOnlyList<ResourceFailure> Failures(IReadOnlyDictionary<ResourceId, NodeOutcome> outcomes) =>
        outcomes.Where(o => !o.Value.Ok)
            .Select(o => o.Value.Error is { } error
                ? new ResourceFailure(o.Key, Redactor.Scrub(error.Message), error.GetType().Name, null, Redactor.Leaks(error.ToString()) ? null : error)
                : new ResourceFailure(o.Key, $"skipped: {o.Value.SkippedBecause} failed", null, o.Value.SkippedBecause, null))
            .ToArray();
}
