namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// The instance types the emulator launches, with their real sizes: vCPUs, memory, GPUs, network limits and an
/// on-demand price (us-east-1, Linux, per hour) used to order offerings. One table, read by EC2's describes, by
/// RunInstances and CreateFleet, and by the in-cluster Karpenter controller that sizes nodes from it.
/// </summary>
public static class InstanceTypes
{
    // vCPUs, MiB, ENIs, IPv4 per ENI and price per family size; c/m/r 5th and 6th generation share their sizes.
    private static readonly (string Size, int VCpus, int EnIs, int Ips)[] CmrSizes =
        [("large", 2, 3, 10), ("xlarge", 4, 4, 15), ("2xlarge", 8, 4, 15), ("4xlarge", 16, 8, 30)];

    /// <summary>Every type, ordered by family then size.</summary>
    public static IReadOnlyList<InstanceTypeInfo> All { get; } =
    [
        .. General("c5", memoryPerVCpu: 2048, pricePerVCpu: 0.0425m),
        .. General("c6i", memoryPerVCpu: 2048, pricePerVCpu: 0.0425m),
        .. General("m5", memoryPerVCpu: 4096, pricePerVCpu: 0.048m),
        .. General("m6i", memoryPerVCpu: 4096, pricePerVCpu: 0.048m),
        .. General("r5", memoryPerVCpu: 8192, pricePerVCpu: 0.063m),
        .. General("r6i", memoryPerVCpu: 8192, pricePerVCpu: 0.063m),
        Burstable("t3.large", 2, 8192, 3, 12, 0.0832m),
        Burstable("t3.xlarge", 4, 16384, 4, 15, 0.1664m),
        Burstable("t3.2xlarge", 8, 32768, 4, 15, 0.3328m),
        Gpu("g5.xlarge", 4, 16384, 1, 4, 15, 1.006m),
        Gpu("g5.2xlarge", 8, 32768, 1, 4, 15, 1.212m),
        Gpu("g5.4xlarge", 16, 65536, 1, 8, 30, 1.624m),
        Gpu("g5.8xlarge", 32, 131072, 1, 8, 30, 2.448m),
        Gpu("g5.12xlarge", 48, 196608, 4, 15, 50, 5.672m),
    ];

    /// <summary>The type named <paramref name="name"/> (<c>m5.large</c>), or null when the emulator does not offer it.</summary>
    public static InstanceTypeInfo? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    private static IEnumerable<InstanceTypeInfo> General(string family, int memoryPerVCpu, decimal pricePerVCpu) =>
        CmrSizes.Select(s => new InstanceTypeInfo(
            $"{family}.{s.Size}", s.VCpus, s.VCpus * memoryPerVCpu, 0, null, 0, s.EnIs, s.Ips, "x86_64", Burstable: false, s.VCpus * pricePerVCpu));

    private static InstanceTypeInfo Burstable(string name, int vcpus, int memory, int enis, int ips, decimal price) =>
        new(name, vcpus, memory, 0, null, 0, enis, ips, "x86_64", Burstable: true, price);

    private static InstanceTypeInfo Gpu(string name, int vcpus, int memory, int gpus, int enis, int ips, decimal price) =>
        new(name, vcpus, memory, gpus, "A10G", 24576, enis, ips, "x86_64", Burstable: false, price);
}

/// <summary>One instance type's facts.</summary>
/// <param name="Name">The type's name, <c>family.size</c>.</param>
/// <param name="VCpus">Default vCPUs.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Gpus">NVIDIA GPUs (0 for none).</param>
/// <param name="GpuName">The GPU model (<c>A10G</c>), or null.</param>
/// <param name="GpuMemoryMiB">Memory of one GPU in MiB (0 for none).</param>
/// <param name="MaxNetworkInterfaces">ENIs the type may attach.</param>
/// <param name="Ipv4PerInterface">Private IPv4 addresses per ENI.</param>
/// <param name="Architecture"><c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="Burstable">True for the T families (CPU credits).</param>
/// <param name="OnDemandPrice">USD per hour on demand, Linux; orders offerings lowest price first.</param>
public sealed record InstanceTypeInfo(string Name, int VCpus, int MemoryMiB, int Gpus, string? GpuName, int GpuMemoryMiB,
    int MaxNetworkInterfaces, int Ipv4PerInterface, string Architecture, bool Burstable, decimal OnDemandPrice)
{
    /// <summary>The family (<c>m5</c>).</summary>
    public string Family => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The size (<c>2xlarge</c>).</summary>
    public string Size => Name[(Name.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>EKS's pod limit with the VPC CNI: one IP per pod on every ENI but its primary, plus two host-network pods.</summary>
    public int MaxPods => MaxNetworkInterfaces * (Ipv4PerInterface - 1) + 2;

    /// <summary>Nitro for every type the emulator offers.</summary>
    public static string Hypervisor => "nitro";

    /// <summary>Usage classes (all types are offered on demand and as spot).</summary>
    public IReadOnlyList<string> UsageClasses { get; } = ["on-demand", "spot"];

    /// <summary>The spot price in zone number <paramref name="zoneIndex"/> (0-based): about a third of on-demand, a little dearer in each later zone.</summary>
    public decimal SpotPrice(int zoneIndex) => decimal.Round(OnDemandPrice * (0.30m + 0.02m * zoneIndex), 4);
}
