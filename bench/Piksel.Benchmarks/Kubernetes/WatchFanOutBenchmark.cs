using System.Diagnostics;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes;

namespace Piksel.Benchmarks.Kubernetes;

/// <summary>
/// Watch fan-out: N KubernetesClient watches on one namespace, then writes one at a time; for each write, the time
/// from the create being acknowledged (and from it being sent) to each watcher seeing the ADDED event. Median and
/// p99 for N watchers, as a ratio to one watcher's.
/// </summary>
internal static class WatchFanOutBenchmark
{
    private const int WarmUp = 20;
    private const int WatchesPerConnection = 25; // Kestrel allows 100 concurrent HTTP/2 streams per connection.

    public static async Task RunAsync(int watchers, int writes)
    {
        await using var server = await KubeApiServer.StartAsync();
        using var writer = KubeBenchmarks.ClientOf(server);
        await writer.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "fanout" } });

        var one = await MeasureAsync(server, writer, 1, writes, "one");
        var many = await MeasureAsync(server, writer, watchers, writes, "many");
        Report("1 watcher", one);
        Report($"{watchers} watchers", many);
        Console.WriteLine($"ratio {watchers}/1 (from ack): median {KubeBenchmarks.Median(many.FromAck) / KubeBenchmarks.Median(one.FromAck):F2}, p99 {KubeBenchmarks.Percentile(many.FromAck, 0.99) / KubeBenchmarks.Percentile(one.FromAck, 0.99):F2}");
        Console.WriteLine($"ratio {watchers}/1 (from send): median {KubeBenchmarks.Median(many.FromSend) / KubeBenchmarks.Median(one.FromSend):F2}, p99 {KubeBenchmarks.Percentile(many.FromSend, 0.99) / KubeBenchmarks.Percentile(one.FromSend, 0.99):F2}");
    }

    private static void Report(string label, (List<double> FromAck, List<double> FromSend) r) =>
        Console.WriteLine($"{label}: write-acknowledged→event median {KubeBenchmarks.Median(r.FromAck):F3} ms, p99 {KubeBenchmarks.Percentile(r.FromAck, 0.99):F3} ms; " +
            $"write-sent→event median {KubeBenchmarks.Median(r.FromSend):F3} ms, p99 {KubeBenchmarks.Percentile(r.FromSend, 0.99):F3} ms ({r.FromAck.Count} samples)");

    private static async Task<(List<double> FromAck, List<double> FromSend)> MeasureAsync(KubeApiServer server, k8s.Kubernetes writer, int watchers, int writes, string prefix)
    {
        var total = WarmUp + writes;
        var from = (await writer.CoreV1.ListNamespacedConfigMapAsync("fanout")).Metadata.ResourceVersion;
        var seen = new long[watchers, total];
        var pending = Enumerable.Repeat(watchers, total).ToArray();
        var done = Enumerable.Range(0, total).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var clients = Enumerable.Range(0, (watchers + WatchesPerConnection - 1) / WatchesPerConnection).Select(_ => KubeBenchmarks.ClientOf(server)).ToList();
        using var stop = new CancellationTokenSource();

        var loops = Enumerable.Range(0, watchers).Select(w => Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, cm) in clients[w / WatchesPerConnection].CoreV1.WatchListNamespacedConfigMapAsync("fanout", resourceVersion: from, cancellationToken: stop.Token))
                {
                    if (type != WatchEventType.Added || !cm.Metadata.Name.StartsWith(prefix + "-", StringComparison.Ordinal)) continue;
                    var index = int.Parse(cm.Metadata.Name.AsSpan(prefix.Length + 1), System.Globalization.CultureInfo.InvariantCulture);
                    seen[w, index] = Stopwatch.GetTimestamp();
                    if (Interlocked.Decrement(ref pending[index]) == 0) done[index].TrySetResult();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        })).ToList();

        var fromAck = new List<double>();
        var fromSend = new List<double>();
        for (var i = 0; i < total; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await writer.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"{prefix}-{i}" }, Data = new Dictionary<string, string> { ["i"] = $"{i}" } }, "fanout");
            var acknowledged = Stopwatch.GetTimestamp();
            await done[i].Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The first writes also prove every watch is live (they replay from the list's version until then).
            if (i < WarmUp) continue;
            for (var w = 0; w < watchers; w++)
            {
                fromAck.Add(Stopwatch.GetElapsedTime(acknowledged, seen[w, i]).TotalMilliseconds * Math.Sign(seen[w, i] - acknowledged));
                fromSend.Add(Stopwatch.GetElapsedTime(sent, seen[w, i]).TotalMilliseconds);
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        foreach (var c in clients) c.Dispose();
        return (fromAck, fromSend);
    }
}
