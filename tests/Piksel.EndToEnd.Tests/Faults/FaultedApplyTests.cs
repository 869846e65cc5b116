using System.Collections.Concurrent;
using Piksel.Emulator.Aws.Faults;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Faults;

/// <summary>
/// The engine's retries proved against the emulator's faults, on an embedded provider of its own (the shared platform
/// stays as it is): with every third call of every operation of every service throttled and IAM changes taking 2 s to
/// propagate, apply of the local environment converges, reports its retries, and a plan afterwards is all NoChange.
/// The engine's backoff moves the provider's clock instead of sleeping (<see cref="WarpClock"/>).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FaultedApplyTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.InProcessEmulators | ProviderCapabilities.MovableClock)]
    public async Task Apply_converges_under_throttling_and_IAM_propagation_delay_and_counts_its_retries()
    {
        var faults = new FaultOptions
        {
            Rules = [FaultRuleReader.ParseSpec("every=3,error=throttling")],
            IamPropagationDelay = TimeSpan.FromSeconds(2),
        };
        await using var provider = await EmbeddedProvider.StartAsync(fixture.Settings, dataDirectory: null, faults: faults, cancellationToken: Ct);
        using var clock = new WarpClock(provider);
        // No jitter: the same delays each run. Backoff from 250 ms doubling to 2 s spans the 2 s delay within a few retries.
        var engine = new PlatformEngine(new EngineOptions
        {
            RetryDelay = TimeSpan.FromMilliseconds(250),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            RetryJitter = false,
        }, clock);
        var retried = new ConcurrentQueue<EngineEvent>();
        var progress = new SynchronousProgress(e =>
        {
            if (e.Phase == EnginePhase.Retrying) retried.Enqueue(e);
        });

        var plan = await engine.PlanAsync(fixture.Spec, provider, progress, Ct);
        var applied = await engine.ApplyAsync(plan, provider, progress, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{applied.Summary()}; {provider.Emulator.State.Faults.Injected} faults injected; {clock.Warped} waited on the provider's clock.");
        Assert.Equal(fixture.Spec.Resources.Count, applied.Done.Count);
        Assert.True(applied.TotalRetries > 0, applied.Summary());
        Assert.Equal(applied.TotalRetries, applied.Retries.Values.Sum());
        Assert.Contains(applied.Retries.Keys, id => applied.Done.ContainsKey(id));
        Assert.Contains($"{applied.TotalRetries} retr", applied.Summary(), StringComparison.Ordinal);
        Assert.True(provider.Emulator.State.Faults.Injected > 0);
        // IAM's delay was met and waited out: some call was refused because a new role had not propagated yet.
        Assert.Contains(retried, e => e.Message!.Contains("IAM has not propagated the change yet", StringComparison.Ordinal));

        var again = await engine.PlanAsync(fixture.Spec, provider, cancellationToken: Ct);
        Assert.True(again.DetailedExitCode == 0, again.Render(showUnchanged: false));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and may report after the assertions).</summary>
    private sealed class SynchronousProgress(Action<EngineEvent> report) : IProgress<EngineEvent>
    {
        public void Report(EngineEvent value) => report(value);
    }
}
