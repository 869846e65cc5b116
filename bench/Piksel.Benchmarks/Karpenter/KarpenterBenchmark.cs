using Piksel.Benchmarks.Kubernetes;

namespace Piksel.Benchmarks.Karpenter;

/// <summary>
/// <c>karpenter [rounds] [pods]</c>: a pending pod, and <c>pods</c> pods (default 100), of 1 CPU each, Running on nodes
/// Karpenter launches for them, against the same pods Running on those nodes kept (the scheduler alone), in the same
/// run on the local platform (<see cref="KarpenterPlatform"/>); medians and the ratios new-node ÷ existing-node. What
/// is and is not measured: <see cref="ProvisioningRound"/>.
/// </summary>
internal static class KarpenterBenchmark
{
    private const string Namespace = "bench-karpenter";

    public static async Task RunAsync(int rounds, int pods)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var setup = System.Diagnostics.Stopwatch.StartNew();
        await using var platform = await KarpenterPlatform.StartAsync(Processes.Repository.PathOf("env"), CancellationToken.None);
        await platform.CreateNamespaceAsync(Namespace, CancellationToken.None);
        Console.WriteLine($"local platform applied without its database, both NodePools Ready ({setup.Elapsed.TotalSeconds:F1} s; not timed)");
        var round = new ProvisioningRound(platform.Kube, platform.Provider, Namespace);

        // One untimed round of each size first: JIT, the launch template Karpenter makes once per node class, connections.
        await round.RunAsync(1, CancellationToken.None);
        await round.RunAsync(pods, CancellationToken.None);

        var single = new List<ProvisioningTimes>();
        var many = new List<ProvisioningTimes>();
        for (var i = 1; i <= rounds; i++)
        {
            var one = await round.RunAsync(1, CancellationToken.None);
            var all = await round.RunAsync(pods, CancellationToken.None);
            single.Add(one);
            many.Add(all);
            Console.WriteLine($"round {i}: 1 pod {Ms(one.OnNewNodes)} on a new node vs {Ms(one.OnExistingNodes)} on it kept; "
                + $"{pods} pods {Ms(all.OnNewNodes)} on {all.NodesLaunched} new nodes vs {Ms(all.OnExistingNodes)} on them kept ({all.NodesAfterBaseline} nodes after); "
                + $"clock moves {one.ClockMoves}/{all.ClockMoves}");
        }
        Report("1 pod", single);
        Report($"{pods} pods", many);
    }

    private static void Report(string what, List<ProvisioningTimes> times)
    {
        var onNew = KubeBenchmarks.Median([.. times.Select(t => t.OnNewNodes.TotalMilliseconds)]);
        var onExisting = KubeBenchmarks.Median([.. times.Select(t => t.OnExistingNodes.TotalMilliseconds)]);
        Console.WriteLine($"{what} → Running (median of {times.Count}): on new nodes {onNew:F0} ms, on existing nodes {onExisting:F0} ms; ratio {onNew / onExisting:F2}");
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";
}
