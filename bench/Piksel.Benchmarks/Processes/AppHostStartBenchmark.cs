using System.Diagnostics;
using System.Text.RegularExpressions;
using Piksel.Benchmarks.Kubernetes;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// <c>apphost-start [rounds]</c>: from process start to the ready line of the local environment
/// (<c>dotnet Piksel.AppHost.dll up --env local</c>, what <c>dotnet run --project AppHost</c> runs, after build), cold
/// (a fresh working directory: every resource is applied) and warm (the second start on the same state: nothing is),
/// against a minimal Kestrel app started the same way in the same run. Each round runs cold AppHost, baseline, warm
/// AppHost, so the three share the machine's conditions; medians and ratios are printed with the goal.
/// </summary>
internal static class AppHostStartBenchmark
{
    /// <summary>Issue 4: the AppHost's start may take at most five times a minimal Kestrel app's.</summary>
    private const double Goal = 5;

    private static readonly Regex AppHostReady = new("^Piksel local ready in ", RegexOptions.CultureInvariant);
    private static readonly Regex Applying = new("^Applying ", RegexOptions.CultureInvariant);
    private static readonly Regex BaselineReady = new("^MinimalKestrel ready in ", RegexOptions.CultureInvariant);

    public static async Task RunAsync(int rounds)
    {
        await Repository.BuildReleaseAsync("AppHost");
        await Repository.BuildReleaseAsync(Path.Combine("bench", "MinimalKestrel"));
        var appHost = Repository.PathOf("AppHost", "bin", "Release", "net10.0", "Piksel.AppHost.dll");
        var baseline = Repository.PathOf("bench", "MinimalKestrel", "bin", "Release", "net10.0", "MinimalKestrel.dll");

        // One untimed start of each first: the measured runs then all find the binaries in the OS file cache.
        await TimeBaselineAsync(baseline);
        await WarmUpAppHostAsync(appHost);

        var cold = new List<double>();
        var warm = new List<double>();
        var bare = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var workDir = ReadyTiming.FreshWorkingDirectory("apphost-start");
            try
            {
                var (coldMs, coldApplied) = await TimeAppHostAsync(appHost, workDir);
                var bareMs = await TimeBaselineAsync(baseline);
                var (warmMs, warmApplied) = await TimeAppHostAsync(appHost, workDir);
                cold.Add(coldMs);
                bare.Add(bareMs);
                warm.Add(warmMs);
                Console.WriteLine($"round {round}: AppHost cold {coldMs:F0} ms ({coldApplied}), MinimalKestrel {bareMs:F0} ms, AppHost warm {warmMs:F0} ms ({warmApplied})");
            }
            finally
            {
                Directory.Delete(workDir, recursive: true);
            }
        }

        var (c, w, b) = (KubeBenchmarks.Median(cold), KubeBenchmarks.Median(warm), KubeBenchmarks.Median(bare));
        Console.WriteLine($"apphost-start, process start to ready line (median of {rounds}): AppHost cold {c:F0} ms, AppHost warm {w:F0} ms, MinimalKestrel {b:F0} ms");
        Console.WriteLine($"ratio to MinimalKestrel: cold {c / b:F1}, warm {w / b:F1} (goal ≤ {Goal:F0})");
    }

    private static async Task WarmUpAppHostAsync(string appHost)
    {
        var workDir = ReadyTiming.FreshWorkingDirectory("apphost-start");
        try
        {
            await TimeAppHostAsync(appHost, workDir);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    /// <summary>One AppHost start in <paramref name="workDir"/> on a free port: milliseconds to its ready line and its "Applying n of m" line.</summary>
    private static async Task<(double Milliseconds, string Applied)> TimeAppHostAsync(string appHost, string workDir)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir };
        foreach (var a in new[] { appHost, "up", "--env", "local", "--port", ReadyTiming.FreePort(), "--headless" }) info.ArgumentList.Add(a);
        var (ms, line) = await ReadyTiming.TimeAsync(info, AppHostReady, Applying);
        var applied = line?.TrimEnd(' ', '…', '.') ?? "no Applying line";
        return (ms, applied.Replace("Applying ", "applied ", StringComparison.Ordinal));
    }

    private static async Task<double> TimeBaselineAsync(string baseline)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(baseline);
        info.ArgumentList.Add(ReadyTiming.FreePort());
        return (await ReadyTiming.TimeAsync(info, BaselineReady)).Milliseconds;
    }
}
