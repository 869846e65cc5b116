using System.Collections.Concurrent;
using Piksel.Emulator.Aws.Faults;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Engine;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Faults;

/// <summary>
/// The engine's retries proved through the <c>aws</c> provider, on an emulator of its own impersonating local's accounts
/// (the shared platform stays as it is): every third call of every operation throttled, IAM changes taking 2 s to
/// propagate, and a burst of 5xx answers from EC2 (every second call 503). The clock is the real one, as against AWS:
/// apply converges, its summary counts the retries, and a plan afterwards (faults lifted) is all NoChange.
/// </summary>
public sealed class AwsFaultedApplyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_through_the_aws_provider_converges_under_throttling_IAM_delay_and_5xx_and_counts_its_retries()
    {
        var settings = PlatformFixture.AwsSettings(PlatformClients.LocalSettings());
        var spec = Piksel.Platform.Definition.PikselPlatform.Define(settings);
        FaultRule[] faults =
        [
            FaultRuleReader.ParseSpec("service=ec2,every=2,error=unavailable"),
            FaultRuleReader.ParseSpec("every=3,error=throttling"),
            FaultRuleReader.ParseSpec("iam-propagation=2000"),
        ];
        await using var provider = await AwsStandIn.StartAsync(settings, faults, Ct);
        // No jitter: the same delays each run. Backoff from 250 ms doubling to 2 s spans the 2 s delay within a few retries.
        var engine = new PlatformEngine(new EngineOptions
        {
            RetryDelay = TimeSpan.FromMilliseconds(250),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            RetryJitter = false,
        });
        var retried = new ConcurrentQueue<EngineEvent>();
        var progress = new SynchronousProgress(e =>
        {
            if (e.Phase == EnginePhase.Retrying) retried.Enqueue(e);
        });

        var plan = await engine.PlanAsync(spec, provider, progress, Ct);
        var applied = await engine.ApplyAsync(plan, provider, progress, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{applied.Summary()}; {provider.Emulator.State.Faults.Injected} faults injected.");
        Assert.Equal(spec.Resources.Count, applied.Done.Count);
        Assert.True(applied.TotalRetries > 0, applied.Summary());
        Assert.Equal(applied.TotalRetries, applied.Retries.Values.Sum());
        Assert.Contains($"{applied.TotalRetries} retr", applied.Summary(), StringComparison.Ordinal);
        Assert.True(provider.Emulator.State.Faults.Injected > 0);
        // IAM's delay was met and waited out: some call was refused because a new role had not propagated yet.
        Assert.Contains(retried, e => e.Message!.Contains("IAM has not propagated the change yet", StringComparison.Ordinal));

        // What the apply left is read back with the faults lifted: a plan does not retry its reads, and EC2's 5xx burst
        // outlasts the SDK's own retries on some list calls.
        provider.Emulator.State.Faults.Replace([]);
        var again = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.True(again.DetailedExitCode == 0, again.Render(showUnchanged: false));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and may report after the assertions).</summary>
    private sealed class SynchronousProgress(Action<EngineEvent> report) : IProgress<EngineEvent>
    {
        public void Report(EngineEvent value) => report(value);
    }
}
