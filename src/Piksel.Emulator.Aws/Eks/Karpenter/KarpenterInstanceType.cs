using System.Globalization;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// An EC2 instance type as Karpenter sees it: its capacity, and what a node of it has left for pods after Karpenter's
/// overhead formula (aws provider <c>pkg/providers/instancetype/types.go</c>): 7.5% of memory for the hypervisor,
/// kube-reserved CPU 6% of the first core, 1% of the second, 0.5% of the third and fourth and 0.25% of the rest,
/// kube-reserved memory 11 MiB a pod plus 255 MiB, and a 100 MiB eviction threshold.
/// </summary>
/// <param name="Name">E.g. <c>m5.xlarge</c>.</param>
/// <param name="VCpus">Its vCPUs.</param>
/// <param name="MemoryMiB">Its memory.</param>
/// <param name="Gpus">NVIDIA GPUs (<c>nvidia.com/gpu</c>).</param>
/// <param name="MaxPods">ENIs × (IPv4 addresses an ENI − 1) + 2, as the VPC CNI allows.</param>
public sealed record KarpenterInstanceType(string Name, int VCpus, int MemoryMiB, int Gpus, int MaxPods)
{
    /// <summary>The family, e.g. <c>m5</c>.</summary>
    public string Family => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The size, e.g. <c>xlarge</c>.</summary>
    public string Size => Name[(Name.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>The category, the family's letters before its generation, e.g. <c>m</c>.</summary>
    public string Category => new([.. Family.TakeWhile(char.IsLetter)]);

    /// <summary>The generation, the family's digits, e.g. <c>5</c>.</summary>
    public string Generation => new([.. Family.SkipWhile(char.IsLetter).TakeWhile(char.IsDigit)]);

    /// <summary>
    /// The node's <c>kubernetes.io/arch</c>: <c>arm64</c> for Graviton families (a <c>g</c> after the generation, as
    /// m6g or c7gn), else <c>amd64</c>.
    /// </summary>
    public string Architecture => Family.SkipWhile(char.IsLetter).SkipWhile(char.IsDigit).FirstOrDefault() == 'g' ? "arm64" : "amd64";

    /// <summary>Memory the node reports as capacity, MiB: the instance's less the 7.5% the hypervisor keeps.</summary>
    public long CapacityMemoryMiB => (long)Math.Floor(MemoryMiB * 0.925m);

    /// <summary>The node's capacity: cpu (cores), memory (bytes), pods, and <c>nvidia.com/gpu</c> when it has GPUs.</summary>
    public IReadOnlyDictionary<string, decimal> Capacity => Resources(VCpus, CapacityMemoryMiB);

    /// <summary>The node's allocatable: capacity less kube-reserved and the eviction threshold.</summary>
    public IReadOnlyDictionary<string, decimal> Allocatable
    {
        get
        {
            var reservedMilli = 0m;
            for (var core = 1; core <= VCpus; core++)
                reservedMilli += core switch { 1 => 60m, 2 => 10m, 3 or 4 => 5m, _ => 2.5m };
            var memory = CapacityMemoryMiB - (11L * MaxPods + 255) - 100;
            return Resources(VCpus - (reservedMilli / 1000m), memory);
        }
    }

    /// <summary>The labels Karpenter and EKS put on a node of this type (zone, capacity type and pool are the claim's).</summary>
    public IReadOnlyDictionary<string, string> Labels
    {
        get
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["node.kubernetes.io/instance-type"] = Name,
                [ArchLabel] = Architecture,
                ["kubernetes.io/os"] = "linux",
                ["karpenter.k8s.aws/instance-category"] = Category,
                ["karpenter.k8s.aws/instance-family"] = Family,
                ["karpenter.k8s.aws/instance-generation"] = Generation,
                ["karpenter.k8s.aws/instance-size"] = Size,
                ["karpenter.k8s.aws/instance-cpu"] = VCpus.ToString(CultureInfo.InvariantCulture),
                ["karpenter.k8s.aws/instance-memory"] = MemoryMiB.ToString(CultureInfo.InvariantCulture),
                ["karpenter.k8s.aws/instance-hypervisor"] = "nitro",
            };
            if (Gpus > 0)
            {
                labels["karpenter.k8s.aws/instance-gpu-name"] = "a10g";
                labels["karpenter.k8s.aws/instance-gpu-manufacturer"] = "nvidia";
                labels[GpuCountLabel] = Gpus.ToString(CultureInfo.InvariantCulture);
                labels["karpenter.k8s.aws/instance-gpu-memory"] = "24576";
            }
            return labels;
        }
    }

    private Dictionary<string, decimal> Resources(decimal cpu, long memoryMiB)
    {
        var resources = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["cpu"] = cpu,
            ["memory"] = memoryMiB * 1024m * 1024m,
            ["pods"] = MaxPods,
        };
        if (Gpus > 0) resources[GpuResource] = Gpus;
        return resources;
    }

    /// <summary>The node's architecture label.</summary>
    public const string ArchLabel = "kubernetes.io/arch";

    /// <summary>The label of a type's GPU count, absent on types without GPUs.</summary>
    public const string GpuCountLabel = "karpenter.k8s.aws/instance-gpu-count";

    /// <summary>The label of a type's Inferentia/Trainium accelerator count, absent on types without them (all of this table).</summary>
    public const string AcceleratorCountLabel = "karpenter.k8s.aws/instance-accelerator-count";

    /// <summary>The extended resource NVIDIA's device plugin registers.</summary>
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>
    /// The types the simulated Karpenter chooses from: the general-purpose, compute and memory families of the platform's
    /// default pool (large to 4xlarge; t3 to 2xlarge) and g5 (A10G). Kept here until the EC2 emulator's shared table
    /// serves DescribeInstanceTypes; the figures are AWS's (vCPU, MiB, GPUs, ENIs × IPs).
    /// </summary>
    public static IReadOnlyList<KarpenterInstanceType> All { get; } = Build();

    /// <summary>The type named <paramref name="name"/>, or null.</summary>
    public static KarpenterInstanceType? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    private static List<KarpenterInstanceType> Build()
    {
        (string Size, int VCpus, int MaxPods)[] sizes = [("large", 2, 29), ("xlarge", 4, 58), ("2xlarge", 8, 58), ("4xlarge", 16, 234)];
        var types = new List<KarpenterInstanceType>();
        foreach (var (family, gibPerCpu) in new[] { ("c5", 2), ("c6i", 2), ("m5", 4), ("m6i", 4), ("r5", 8), ("r6i", 8), ("t3", 4) })
        {
            foreach (var (size, cpus, maxPods) in sizes)
            {
                if (family == "t3" && size == "4xlarge") continue;
                var pods = family == "t3" && size == "large" ? 35 : maxPods;
                types.Add(new($"{family}.{size}", cpus, cpus * gibPerCpu * 1024, 0, pods));
            }
        }
        // g5: one GPU up to 8xlarge, four on 12xlarge.
        types.Add(new("g5.xlarge", 4, 16 * 1024, 1, 58));
        types.Add(new("g5.2xlarge", 8, 32 * 1024, 1, 58));
        types.Add(new("g5.4xlarge", 16, 64 * 1024, 1, 234));
        types.Add(new("g5.8xlarge", 32, 128 * 1024, 1, 234));
        types.Add(new("g5.12xlarge", 48, 192 * 1024, 4, 737));
        return types;
    }
}
