using System.Diagnostics;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Benchmarks.Kubernetes;

/// <summary>
/// Creates <c>count</c> pods through whatever guard rails <see cref="KubeApiServerOptions.GuardRails"/> turns on (in a
/// namespace with a LimitRange, a ResourceQuota big enough for them all and Pod Security <c>restricted</c> labels), as a
/// ratio to the same creates on a server with the guard rails off, both measured in this run (best of a few rounds each).
/// </summary>
internal static class AdmissionBenchmark
{
    private const int Rounds = 3;

    public static async Task RunAsync(int count)
    {
        var off = new List<double>();
        var on = new List<double>();
        // Alternate the two so that a slow patch of the machine does not fall on one side only.
        for (var round = 0; round < Rounds; round++)
        {
            off.Add(await CreateAsync(count, guardRails: false, round));
            on.Add(await CreateAsync(count, guardRails: true, round));
        }
        var o = off.Min();
        var g = on.Min();
        Console.WriteLine($"create {count} pods, guard rails off (best of {Rounds}): {o:F0} ms ({o * 1000 / count:F0} µs each)");
        Console.WriteLine($"create {count} pods, guard rails on  (best of {Rounds}): {g:F0} ms ({g * 1000 / count:F0} µs each)");
        Console.WriteLine($"ratio guard rails on/off: {g / o:F2}");
    }

    private static async Task<double> CreateAsync(int count, bool guardRails, int round)
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { GuardRails = guardRails });
        using var k = KubeBenchmarks.ClientOf(server);
        var ns = $"bench-{round}";
        await k.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta
            {
                Name = ns,
                Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted", ["pod-security.kubernetes.io/warn"] = "restricted" },
            },
        });
        await k.CoreV1.CreateNamespacedLimitRangeAsync(new V1LimitRange
        {
            Metadata = new V1ObjectMeta { Name = "defaults" },
            Spec = new V1LimitRangeSpec
            {
                Limits = [new V1LimitRangeItem { Type = "Container", DefaultProperty = Res("100m", "64Mi"), DefaultRequest = Res("10m", "16Mi"), Max = Res("2", "2Gi") }],
            },
        }, ns);
        await k.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "compute" },
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["pods"] = new("100000"), ["requests.cpu"] = new("10000"), ["limits.memory"] = new("10000Gi") } },
        }, ns);
        await server.SettleAsync(TimeSpan.FromMinutes(1));

        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                await k.CoreV1.CreateNamespacedPodAsync(Pod(i), ns);
        }));
        return clock.Elapsed.TotalMilliseconds;
    }

    private static Dictionary<string, ResourceQuantity> Res(string cpu, string memory) => new() { ["cpu"] = new(cpu), ["memory"] = new(memory) };

    /// <summary>A pod that passes Pod Security restricted and takes its resources from the LimitRange.</summary>
    private static V1Pod Pod(int i) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"pod-{i:D5}" },
        Spec = new V1PodSpec
        {
            SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "registry.example/app:1",
                    SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                },
            ],
        },
    };
}
