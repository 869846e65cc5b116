using System.Diagnostics;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Benchmarks.Kubernetes;

/// <summary>
/// Creates <c>count</c> ConfigMaps through KubernetesClient and lists them all, against the floor: serialising the
/// same objects in process with System.Text.Json (KubernetesClient's own serialiser settings).
/// </summary>
internal static class ListBenchmark
{
    private const int Rounds = 7;

    public static async Task RunAsync(int count)
    {
        await using var server = await KubeApiServer.StartAsync();
        using var k = KubeBenchmarks.ClientOf(server);
        await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bench" } });

        // Eight writers at once over the client's HTTP/2 connection, as a controller's workers would.
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(i), "bench");
        }));
        var create = clock.Elapsed.TotalMilliseconds;

        // The controllers (garbage collector, namespace controller…) see every create; the lists are measured once
        // they have caught up, so that they measure the list path and not the background work beside it.
        clock.Restart();
        await server.SettleAsync(TimeSpan.FromMinutes(2));
        var settle = clock.Elapsed.TotalMilliseconds;

        var lists = new List<double>();
        V1ConfigMapList list = null!;
        for (var round = 0; round <= Rounds; round++)
        {
            clock.Restart();
            list = await k.CoreV1.ListNamespacedConfigMapAsync("bench");
            if (round > 0) lists.Add(clock.Elapsed.TotalMilliseconds);
        }
        // The namespace also holds the cluster's own kube-root-ca.crt.
        if (list.Items.Count(i => i.Metadata.Name != "kube-root-ca.crt") != count) throw new InvalidOperationException($"listed {list.Items.Count} of {count}");

        // The server's side alone: the same list as bytes, not deserialised.
        using var raw = KubeBenchmarks.PinnedClient(server.State.Certificates.Serving, server.State.Certificates.AdminClient);
        var bytes = new List<double>();
        long size = 0;
        for (var round = 0; round <= Rounds; round++)
        {
            clock.Restart();
            var body = await raw.GetByteArrayAsync(new Uri(server.Endpoint, "/api/v1/namespaces/bench/configmaps"));
            if (round > 0) bytes.Add(clock.Elapsed.TotalMilliseconds);
            size = body.Length;
        }

        var floor = new List<double>();
        for (var round = 0; round <= Rounds; round++)
        {
            clock.Restart();
            var json = KubernetesJson.Serialize(list);
            if (round > 0) floor.Add(clock.Elapsed.TotalMilliseconds);
            if (json.Length == 0) throw new InvalidOperationException();
        }

        var l = KubeBenchmarks.Median(lists);
        var b = KubeBenchmarks.Median(bytes);
        var f = KubeBenchmarks.Median(floor);
        Console.WriteLine($"create {count} ConfigMaps through KubernetesClient (8 concurrent): {create:F0} ms ({create * 1000 / count:F0} µs each, {count / (create / 1000):F0}/s); controllers caught up {settle:F0} ms later");
        Console.WriteLine($"list all {count} through KubernetesClient (median of {Rounds}): {l:F1} ms; as raw bytes ({size / 1024.0 / 1024.0:F1} MiB): {b:F1} ms");
        Console.WriteLine($"floor, System.Text.Json serialising the same {count} objects in process (median of {Rounds}): {f:F1} ms");
        Console.WriteLine($"ratio list/floor: {l / f:F2} (KubernetesClient, incl. deserialising), {b / f:F2} (raw bytes)");
    }

    /// <summary>The i-th ConfigMap of the list benchmarks: name cm-NNNNN, two labels, two data keys.</summary>
    internal static V1ConfigMap ConfigMap(int i) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"cm-{i:D5}",
            Labels = new Dictionary<string, string> { ["app"] = "bench", ["shard"] = (i % 16).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Data = new Dictionary<string, string> { ["config.yaml"] = $"replicas: {i % 7}\nimage: registry.example/app:{i}\n", ["mode"] = "bench" },
    };
}
