using System.Diagnostics;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// <c>concurrency</c> workers, worker <c>i</c> on <c>targets[i % targets.Count]</c>, all started together and run
/// for a fixed time; the figures are gathered per target once every worker has finished its last request.
/// </summary>
internal sealed class LoadRun
{
    private readonly IReadOnlyList<LoadTarget> targets;
    private readonly LoadWorker[] workers;

    public LoadRun(IReadOnlyList<LoadTarget> targets, int concurrency)
    {
        this.targets = targets;
        workers = new LoadWorker[concurrency];
        for (var i = 0; i < concurrency; i++) workers[i] = new LoadWorker(targets[i % targets.Count]);
    }

    /// <summary>Requests <paramref name="target"/>'s workers have completed so far (read while they run).</summary>
    public long Completed(LoadTarget target)
    {
        long total = 0;
        foreach (var worker in workers)
        {
            if (worker.Target == target) total += worker.Histogram.Count;
        }
        return total;
    }

    /// <summary>Runs every worker for <paramref name="duration"/>; one result per target, in the targets' order.</summary>
    public async Task<IReadOnlyList<LoadResult>> RunAsync(TimeSpan duration)
    {
        var cpu = CpuSample.Take();
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var running = new Task[workers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            var worker = workers[i];
            running[i] = Task.Run(() => worker.RunAsync(until));
        }
        await Task.WhenAll(running);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var (processCores, otherCores) = CpuSample.Take().CoresSince(cpu);

        var results = new List<LoadResult>(targets.Count);
        foreach (var target in targets)
        {
            var histogram = new LatencyHistogram();
            long errors = 0;
            string? firstError = null;
            foreach (var worker in workers)
            {
                if (worker.Target != target) continue;
                histogram.Add(worker.Histogram);
                errors += worker.Errors;
                firstError ??= worker.FirstError;
            }
            results.Add(new LoadResult(target.Name, histogram, errors, firstError, elapsed, processCores, otherCores));
        }
        return results;
    }
}
