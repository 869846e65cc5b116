using System.Globalization;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// <c>load [seconds=30] [concurrency=32]</c>: closed-loop load at the given concurrency, after a short warm-up, in
/// pairs measured in the same process — a bare Kestrel baseline and the emulator answering the same bytes, each for
/// the given time in three alternating slices: signed GetSecretValue (AWS emulator, HTTP/1.1 keep-alive), GET of one ConfigMap and LIST of
/// 100 (API server, TLS with the admin client certificate, HTTP/2). Prints req/s, p50/p99 and errors per run and
/// each subject's ratios to its baseline; fails (exit code 1) on any error.
/// <c>load --soak [seconds=600] [concurrency=32]</c>: the three emulator loads together for the whole time, with the
/// process's footprint (working set, live heap, GC counts, threads, fds) at start and end and throughput every interval.
/// </summary>
internal static class LoadBenchmark
{
    private const int Slices = 3;
    private const double MinimumSliceSeconds = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var soak = Array.IndexOf(args, "--soak") > 0;
        var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal))
            .Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        var seconds = numbers.Count > 0 ? numbers[0] : soak ? 600 : 30;
        var concurrency = numbers.Count > 1 ? numbers[1] : 32;
        var unknown = args.Skip(1).Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--soak");
        if (seconds < 1 || concurrency < 1 || numbers.Count > 2 || unknown)
        {
            Console.Error.WriteLine("usage: load [--soak] [seconds ≥ 1 (30; soak 600)] [concurrency ≥ 1 (32)]");
            return 2;
        }
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(seconds / 10.0, 1, 5));

        Console.WriteLine($"load{(soak ? " --soak" : "")}: {seconds} s per run after a {warmUp.TotalSeconds:F0} s warm-up, {concurrency} concurrent requests, {(soak ? "the emulators only" : "baseline then emulator")}.");
        Console.WriteLine($"The client and the servers run in this one process and share the machine's {Environment.ProcessorCount} cores (load average before start: {LoadAverage()}); " +
            "each run says how many cores this process kept busy and how many other processes took meanwhile.");

        await using var aws = await AwsLoadPair.StartAsync(concurrency);
        await using var kube = await KubeLoadPair.StartAsync();
        var errors = soak
            ? await SoakRun.RunAsync([aws.Subject, kube.GetSubject, kube.ListSubject], concurrency, warmUp, duration)
            : await CompareAsync([(aws.Baseline, aws.Subject), (kube.GetBaseline, kube.GetSubject), (kube.ListBaseline, kube.ListSubject)], concurrency, warmUp, duration);
        Console.WriteLine();
        Console.WriteLine($"The client's own cost of building and SigV4-signing one AWS request (both sides of the AWS pair pay it): {aws.TimeSigning():F1} µs on one core.");
        if (errors == 0) return 0;
        Console.Error.WriteLine($"FAILED: {errors} request(s) failed or got an unexpected answer (every one must succeed).");
        return 1;
    }

    private static async Task<long> CompareAsync((LoadTarget Baseline, LoadTarget Subject)[] pairs, int concurrency, TimeSpan warmUp, TimeSpan duration)
    {
        long errors = 0;
        foreach (var (baseline, subject) in pairs)
        {
            Console.WriteLine();
            var (b, s, sliceRatios) = await MeasurePairAsync(baseline, subject, concurrency, warmUp, duration);
            Console.WriteLine(b);
            Console.WriteLine(s);
            Console.WriteLine($"  ratio to baseline: throughput {s.RequestsPerSecond / b.RequestsPerSecond:F2} (per slice {sliceRatios}), p50 {s.P50 / b.P50:F2}×, p99 {s.P99 / b.P99:F2}×");
            foreach (var r in new[] { b, s })
            {
                if (r.Errors > 0) Console.WriteLine($"  {r.Name}: {r.Errors} errors, the first: {r.FirstError}");
                errors += r.Errors;
            }
        }
        return errors;
    }

    /// <summary>
    /// Both warmed up, then measured in alternating slices (baseline, subject, baseline, …) that add up to
    /// <paramref name="duration"/> each, so that what the machine's other users do drifts into both sides alike.
    /// The warm-ups' errors count too.
    /// </summary>
    private static async Task<(LoadResult Baseline, LoadResult Subject, string SliceRatios)> MeasurePairAsync(
        LoadTarget baseline, LoadTarget subject, int concurrency, TimeSpan warmUp, TimeSpan duration)
    {
        var slices = duration.TotalSeconds >= Slices * MinimumSliceSeconds ? Slices : 1;
        var warmBaseline = await RunAsync(baseline, concurrency, warmUp);
        var warmSubject = await RunAsync(subject, concurrency, warmUp);
        var baselineRuns = new List<LoadResult>();
        var subjectRuns = new List<LoadResult>();
        var ratios = new List<string>();
        for (var i = 0; i < slices; i++)
        {
            var b = await RunAsync(baseline, concurrency, duration / slices);
            var s = await RunAsync(subject, concurrency, duration / slices);
            baselineRuns.Add(b);
            subjectRuns.Add(s);
            ratios.Add((s.RequestsPerSecond / b.RequestsPerSecond).ToString("F2", CultureInfo.InvariantCulture));
        }
        return (WithWarmUpErrors(LoadResult.Combine(baselineRuns), warmBaseline), WithWarmUpErrors(LoadResult.Combine(subjectRuns), warmSubject), string.Join(", ", ratios));
    }

    private static LoadResult WithWarmUpErrors(LoadResult measured, LoadResult warm) =>
        measured with { Errors = measured.Errors + warm.Errors, FirstError = warm.FirstError ?? measured.FirstError };

    /// <summary>One run after a full collection, so that no run pays for the garbage of the one before.</summary>
    private static async Task<LoadResult> RunAsync(LoadTarget target, int concurrency, TimeSpan duration)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return (await new LoadRun([target], concurrency).RunAsync(duration))[0];
    }

    /// <summary>The 1, 5 and 15 minute load averages, or "?" where /proc/loadavg is not there.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
