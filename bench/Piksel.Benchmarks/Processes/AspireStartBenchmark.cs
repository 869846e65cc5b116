using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// <c>apphost-aspire [rounds]</c>: from process start to ready, best of <c>rounds</c>, same run — the AppHost in Aspire
/// mode (<c>dotnet Piksel.AppHost.dll</c>, orchestrator and dashboard, to its ready line) against a bare Aspire AppHost
/// with one executable resource (bench/BareAspireAppHost, to "Distributed application started"), and
/// <c>up --headless</c> against the minimal Kestrel app of <c>apphost-start</c>. Ratios printed with the goals.
/// </summary>
internal static class AspireStartBenchmark
{
    private const double AspireGoal = 1.5, HeadlessGoal = 5;

    private static readonly Regex AppHostReady = new("^Piksel local ready in ", RegexOptions.CultureInvariant);
    private static readonly Regex BareReady = new("Distributed application started", RegexOptions.CultureInvariant);
    private static readonly Regex KestrelReady = new("^MinimalKestrel ready in ", RegexOptions.CultureInvariant);

    public static async Task RunAsync(int rounds)
    {
        await Repository.BuildReleaseAsync("AppHost");
        await Repository.BuildReleaseAsync(Path.Combine("bench", "BareAspireAppHost"));
        await Repository.BuildReleaseAsync(Path.Combine("bench", "MinimalKestrel"));
        var appHost = Repository.PathOf("AppHost", "bin", "Release", "net10.0", "Piksel.AppHost.dll");
        var bare = Repository.PathOf("bench", "BareAspireAppHost", "bin", "Release", "net10.0", "BareAspireAppHost.dll");
        var kestrel = Repository.PathOf("bench", "MinimalKestrel", "bin", "Release", "net10.0", "MinimalKestrel.dll");
        var work = ReadyTiming.FreshWorkingDirectory("apphost-aspire");
        try
        {
            // One untimed start of each first (file cache, and the state the warm starts find).
            await TimeAsync(AppHostInfo(appHost, work, headless: false), AppHostReady);
            await TimeAsync(BareInfo(bare), BareReady);
            var aspire = new List<double>();
            var bareAspire = new List<double>();
            var headless = new List<double>();
            var minimal = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                aspire.Add(await TimeAsync(AppHostInfo(appHost, work, headless: false), AppHostReady));
                bareAspire.Add(await TimeAsync(BareInfo(bare), BareReady));
                headless.Add(await TimeAsync(AppHostInfo(appHost, work, headless: true), AppHostReady));
                minimal.Add(await TimeAsync(KestrelInfo(kestrel), KestrelReady));
                Console.WriteLine($"round {round}: AppHost (Aspire) {aspire[^1]:F0} ms, bare Aspire AppHost {bareAspire[^1]:F0} ms, up --headless {headless[^1]:F0} ms, MinimalKestrel {minimal[^1]:F0} ms");
            }

            var (a, b, h, k) = (aspire.Min(), bareAspire.Min(), headless.Min(), minimal.Min());
            Console.WriteLine($"apphost-aspire, process start to ready (best of {rounds}, warm state): AppHost (Aspire) {a:F0} ms, bare Aspire AppHost {b:F0} ms, up --headless {h:F0} ms, MinimalKestrel {k:F0} ms");
            Console.WriteLine($"ratio AppHost (Aspire) / bare Aspire AppHost: {a / b:F2} (goal ≤ {AspireGoal:F1}); up --headless / MinimalKestrel: {h / k:F1} (goal ≤ {HeadlessGoal:F0})");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(ProcessStartInfo info, Regex ready) => (await ReadyTiming.TimeAsync(info, ready)).Milliseconds;

    private static ProcessStartInfo AppHostInfo(string appHost, string work, bool headless)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = work };
        foreach (var a in new[] { appHost, "up", "--port", ReadyTiming.FreePort() }) info.ArgumentList.Add(a);
        if (headless) info.ArgumentList.Add("--headless");
        else Dashboard(info);
        return info;
    }

    private static ProcessStartInfo BareInfo(string bare)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(bare);
        Dashboard(info);
        // The bare host has no launch profile: the same plain-HTTP dashboard the AppHost sets up for itself.
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        return info;
    }

    private static ProcessStartInfo KestrelInfo(string kestrel)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(kestrel);
        info.ArgumentList.Add(ReadyTiming.FreePort());
        return info;
    }

    /// <summary>Aspire mode outside CI, with the dashboard's three ports free ones (a developer's own may be running).</summary>
    private static void Dashboard(ProcessStartInfo info)
    {
        info.Environment.Remove("CI");
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{ReadyTiming.FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{ReadyTiming.FreePort()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{ReadyTiming.FreePort()}";
    }
}
