using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>
/// The vCPU and memory Fargate gives a pod, as EKS computes it: the larger of the biggest init container's and the sum
/// of the app containers' requests (a limit stands in for a missing request), plus 256 MB for the node's own components,
/// rounded up to the smallest supported combination; none requested gives 0.25 vCPU and 0.5 GB. Larger than 16 vCPU /
/// 120 GB does not fit.
/// </summary>
public sealed record FargateCapacity(decimal Vcpu, decimal MemoryGb)
{
    /// <summary>The annotation EKS puts on a Fargate pod with its size (<c>0.25vCPU 0.5GB</c>).</summary>
    public const string Annotation = "CapacityProvisioned";

    /// <summary>Why a pod too large for Fargate is not placed.</summary>
    public const string TooLargeReason = "POD_CPU_MEM_EXCEEDS_MAX_FARGATE_SIZE";

    /// <summary>Memory Fargate adds for the kubelet, kube-proxy and containerd.</summary>
    private const decimal OverheadGb = 0.25m;

    private static readonly (decimal Vcpu, decimal[] MemoryGb)[] Sizes =
    [
        (0.25m, [0.5m, 1, 2]),
        (0.5m, Range(1, 4, 1)),
        (1, Range(2, 8, 1)),
        (2, Range(4, 16, 1)),
        (4, Range(8, 30, 1)),
        (8, Range(16, 60, 4)),
        (16, Range(32, 120, 8)),
    ];

    /// <summary>The annotation's value.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Vcpu.ToString("0.##", CultureInfo.InvariantCulture)}vCPU {MemoryGb.ToString("0.##", CultureInfo.InvariantCulture)}GB");

    /// <summary>The Kubernetes quantity of the vCPUs (<c>250m</c>, <c>2</c>).</summary>
    public string CpuQuantity => Vcpu == decimal.Truncate(Vcpu) ? ((int)Vcpu).ToString(CultureInfo.InvariantCulture) : ((int)(Vcpu * 1000)).ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>The Kubernetes quantity of the memory (<c>512Mi</c>).</summary>
    public string MemoryQuantity => ((int)(MemoryGb * 1024)).ToString(CultureInfo.InvariantCulture) + "Mi";

    /// <summary>The size for <paramref name="pod"/>, or null when no Fargate size holds it.</summary>
    public static FargateCapacity? For(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject;
        var (appCpu, appMemory) = (0m, 0m);
        foreach (var container in (spec?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            appCpu += Request(container, "cpu");
            appMemory += Request(container, "memory");
        }
        var (initCpu, initMemory) = (0m, 0m);
        foreach (var container in (spec?["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            initCpu = Math.Max(initCpu, Request(container, "cpu"));
            initMemory = Math.Max(initMemory, Request(container, "memory"));
        }
        var cpu = Math.Max(appCpu, initCpu);
        var memoryGb = Math.Max(appMemory, initMemory) / (1024m * 1024 * 1024) + OverheadGb;
        foreach (var (vcpu, memories) in Sizes)
        {
            if (vcpu < cpu) continue;
            foreach (var memory in memories)
                if (memory >= memoryGb) return new FargateCapacity(vcpu, memory);
        }
        return null;
    }

    /// <summary>A container's request for <paramref name="resource"/> (cores or bytes), its limit when it has no request, else 0.</summary>
    private static decimal Request(JsonObject container, string resource)
    {
        var text = container["resources"]?["requests"]?[resource] ?? container["resources"]?["limits"]?[resource];
        if (text is not JsonValue value) return 0;
        var raw = value.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        try
        {
            return new ResourceQuantity(raw).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            // The API server refuses malformed quantities; one that slips through asks for nothing.
            return 0;
        }
    }

    private static decimal[] Range(int from, int to, int step) => [.. Enumerable.Range(0, (to - from) / step + 1).Select(i => (decimal)(from + i * step))];
}
