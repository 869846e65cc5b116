using System.Diagnostics;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// A soak: the targets loaded together (the workers shared out among them) for the whole duration, to show that
/// nothing grows: the process footprint after a full collection at start and end, and every interval the
/// throughput per target, working set and GC counts.
/// </summary>
internal static class SoakRun
{
    /// <summary>Runs the soak and prints it; returns the number of failed requests.</summary>
    public static async Task<long> RunAsync(LoadTarget[] targets, int concurrency, TimeSpan warmUp, TimeSpan duration)
    {
        var warm = await new LoadRun(targets, concurrency).RunAsync(warmUp);
        var start = ProcessFootprint.Take();
        Console.WriteLine();
        Console.WriteLine($"req/s below, in order: {string.Join(" / ", Array.ConvertAll(targets, t => t.Name))}");
        Console.WriteLine($"start (after warm-up): {start}");

        var run = new LoadRun(targets, concurrency);
        var running = run.RunAsync(duration);
        var interval = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 10, 5, 60));
        var clock = Stopwatch.StartNew();
        var last = new long[targets.Length];
        var lastAt = TimeSpan.Zero;
        while (await Task.WhenAny(running, Task.Delay(interval)) != running)
        {
            var now = clock.Elapsed;
            var rates = new string[targets.Length];
            for (var i = 0; i < targets.Length; i++)
            {
                var completed = run.Completed(targets[i]);
                rates[i] = $"{(completed - last[i]) / (now - lastAt).TotalSeconds:N0}";
                last[i] = completed;
            }
            lastAt = now;
            using var self = Process.GetCurrentProcess();
            Console.WriteLine($"  {now.TotalSeconds,5:F0} s: req/s {string.Join(" / ", rates)}; working set {self.WorkingSet64 / 1048576.0:F1} MiB, " +
                $"heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB, GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        }
        var results = await running;
        var end = ProcessFootprint.Take();
        Console.WriteLine($"end:                   {end}");
        Console.WriteLine($"growth: working set {(end.WorkingSet - start.WorkingSet) / 1048576.0:+0.0;-0.0} MiB, live managed heap {(end.ManagedHeap - start.ManagedHeap) / 1048576.0:+0.0;-0.0} MiB, " +
            $"threads {end.Threads - start.Threads:+0;-0;0}, open fds {end.OpenFiles - start.OpenFiles:+0;-0;0}; during the soak {end.Gen0 - start.Gen0}/{end.Gen1 - start.Gen1}/{end.Gen2 - start.Gen2} gen0/1/2 GCs");
        Console.WriteLine();

        long errors = 0;
        for (var i = 0; i < results.Count; i++)
        {
            Console.WriteLine(results[i]);
            var failed = results[i].Errors + warm[i].Errors;
            if (failed > 0) Console.WriteLine($"  {failed} errors, the first: {warm[i].FirstError ?? results[i].FirstError}");
            errors += failed;
        }
        return errors;
    }
}
