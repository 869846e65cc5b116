using System.Diagnostics;
using Piksel.Benchmarks.Kubernetes;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// <c>database-ready [rounds]</c>: the local environment made ready in this process (embedded provider started, plan,
/// apply) with its database — the RDS instance on the machine's PostgreSQL, its databases and login roles — and without
/// it (the same spec less the database's resources and outputs), alternating in the same run; medians and the ratio.
/// </summary>
internal static class DatabaseReadyBenchmark
{
    /// <summary>The kinds that make the database; the spec without them is the baseline.</summary>
    private static readonly HashSet<string> DatabaseKinds =
        new(["RdsDbSubnetGroup", "RdsDbParameterGroup", "RdsDbInstance", "PostgresDatabase", "PostgresRole", "Ec2SecurityGroup", "KubernetesService"], StringComparer.Ordinal);

    public static async Task RunAsync(int rounds)
    {
        var settings = EnvironmentSettingsLoader.Load(Repository.PathOf("env"), "local");
        var full = PikselPlatform.Define(settings);
        var without = WithoutDatabase(full);
        Console.WriteLine($"local spec: {full.Resources.Count} resources with the database, {without.Resources.Count} without");

        // One untimed run of each first: JIT and the OS file cache (PostgreSQL's binaries) warm for the measured ones.
        await TimeReadyAsync(settings, without);
        await TimeReadyAsync(settings, full);

        var withTimes = new List<double>();
        var withoutTimes = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var a = await TimeReadyAsync(settings, without);
            var b = await TimeReadyAsync(settings, full);
            withoutTimes.Add(a);
            withTimes.Add(b);
            Console.WriteLine($"round {round}: without the database {a:F0} ms, with it {b:F0} ms");
        }

        var (w, wo) = (KubeBenchmarks.Median(withTimes), KubeBenchmarks.Median(withoutTimes));
        Console.WriteLine($"ready (median of {rounds}): with the database {w:F0} ms, without {wo:F0} ms; ratio {w / wo:F2}");
    }

    private static PlatformSpec WithoutDatabase(PlatformSpec spec) => spec with
    {
        Resources = [.. spec.Resources.Where(r => !DatabaseKinds.Contains(r.Kind))],
        Outputs = [.. spec.Outputs.Where(o => !o.Name.StartsWith("database.", StringComparison.Ordinal))],
    };

    private static async Task<double> TimeReadyAsync(EnvironmentSettings settings, PlatformSpec spec)
    {
        var clock = Stopwatch.StartNew();
        await using var provider = await EmbeddedProvider.StartAsync(settings, null, CancellationToken.None);
        var engine = new PlatformEngine();
        var plan = await engine.PlanAsync(spec, provider);
        var result = await engine.ApplyAsync(plan, provider);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (result.Done.Count != spec.Resources.Count) throw new InvalidOperationException($"applied {result.Done.Count} of {spec.Resources.Count} resources");
        return elapsed;
    }
}
