using System.Diagnostics;
using Piksel.Benchmarks.Kubernetes;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Testing;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// <c>provider-plan [rounds]</c>: a plan of the full dev platform (real names and CIDRs) through the <c>aws</c> provider —
/// account guard, hub session, standard endpoint settings — against an emulator impersonating dev and the hub, as a ratio
/// to the same plan through <c>embedded</c>, alternating in the same run; medians. Only the plan is timed: each side's
/// start (emulator, accounts' setup, guard) is apart.
/// </summary>
internal static class ProviderPlanBenchmark
{
    public static async Task RunAsync(int rounds)
    {
        // dev takes its manual secrets as inputs: local's throwaway values stand in for them.
        var local = EnvironmentSettingsLoader.Load(Repository.PathOf("env"), "local");
        var inputs = local.ManualSecrets.ToDictionary(p => p.Key, p => p.Value.Reveal(), StringComparer.Ordinal);
        var settings = EnvironmentSettingsLoader.Load(Repository.PathOf("env"), "dev", inputs) with { DatabaseEngineVersion = "15" };
        var spec = PikselPlatform.Define(settings);
        Console.WriteLine($"dev spec: {spec.Resources.Count} resources");

        // One untimed plan of each first: JIT and connection set-up warm for the measured ones.
        await TimeEmbeddedAsync(settings, spec);
        await TimeAwsAsync(settings, spec);

        var embeddedTimes = new List<double>();
        var awsTimes = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var e = await TimeEmbeddedAsync(settings, spec);
            var a = await TimeAwsAsync(settings, spec);
            embeddedTimes.Add(e);
            awsTimes.Add(a);
            Console.WriteLine($"round {round}: embedded {e:F0} ms, aws {a:F0} ms");
        }

        var (aws, embedded) = (KubeBenchmarks.Median(awsTimes), KubeBenchmarks.Median(embeddedTimes));
        Console.WriteLine($"plan of dev (median of {rounds}): aws provider {aws:F0} ms, embedded {embedded:F0} ms; ratio {aws / embedded:F2}");
    }

    private static async Task<double> TimeEmbeddedAsync(EnvironmentSettings settings, PlatformSpec spec)
    {
        await using var provider = await EmbeddedProvider.StartAsync(settings, null, CancellationToken.None);
        return await TimePlanAsync(spec, provider);
    }

    private static async Task<double> TimeAwsAsync(EnvironmentSettings settings, PlatformSpec spec)
    {
        await using var provider = await AwsStandIn.StartAsync(settings, [], CancellationToken.None);
        return await TimePlanAsync(spec, provider);
    }

    private static async Task<double> TimePlanAsync(PlatformSpec spec, IPlatformProvider provider)
    {
        var clock = Stopwatch.StartNew();
        var plan = await new PlatformEngine().PlanAsync(spec, provider);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (plan.Count(ChangeKind.Create) != spec.Resources.Count) throw new InvalidOperationException($"the plan creates {plan.Count(ChangeKind.Create)} of {spec.Resources.Count} resources on fresh accounts");
        return elapsed;
    }
}
