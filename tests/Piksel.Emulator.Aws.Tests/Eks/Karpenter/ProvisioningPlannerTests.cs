using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.Karpenter;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>The simulated Karpenter's provisioning decisions: pools by taints, requirements, instance fit and limits.</summary>
public sealed class ProvisioningPlannerTests
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, decimal>> None = [];

    private static ProvisioningPlan Plan(IEnumerable<JsonObject> pods, Dictionary<string, IReadOnlyDictionary<string, decimal>>? usage = null, int gpuLimit = 30) =>
        ProvisioningPlanner.Plan(pods, [PoolModel.Of(KarpenterObjects.DefaultPool()), PoolModel.Of(KarpenterObjects.GpuPool(gpuLimit))], usage ?? None, None);

    [Fact]
    public void Allocatable_follows_Karpenters_overhead_formula()
    {
        var m5 = KarpenterInstanceType.Find("m5.xlarge")!;
        Assert.Equal(15155, m5.CapacityMemoryMiB);
        Assert.Equal(14162m * 1024 * 1024, m5.Allocatable["memory"]);
        Assert.Equal(3.92m, m5.Allocatable["cpu"]);
        Assert.Equal(1.93m, KarpenterInstanceType.Find("c5.large")!.Allocatable["cpu"]);
        Assert.Equal(15.89m, KarpenterInstanceType.Find("m5.4xlarge")!.Allocatable["cpu"]);
        Assert.Equal(1m, KarpenterInstanceType.Find("g5.2xlarge")!.Capacity[KarpenterInstanceType.GpuResource]);
    }

    [Fact]
    public void Three_pods_of_two_cpus_share_one_default_pool_node_of_a_listed_family()
    {
        var plan = Plan([KarpenterObjects.Pod("a", "2"), KarpenterObjects.Pod("b", "2"), KarpenterObjects.Pod("c", "2")]);

        Assert.Empty(plan.Failures);
        var claim = Assert.Single(plan.Claims);
        Assert.Equal("default", claim.Pool.Name);
        Assert.Equal(3, claim.Pods.Count);

        Assert.Equal("2xlarge", claim.InstanceType.Size);
        Assert.Contains(claim.InstanceType.Family, new[] { "c5", "c6i", "m5", "m6i", "r5", "r6i", "t3" });
        Assert.Equal("spot", claim.CapacityType);
    }

    [Fact]
    public void A_gpu_pod_with_the_toleration_gets_a_g5_and_one_without_it_never_does()
    {
        var plan = Plan([KarpenterObjects.Pod("tolerant", gpus: 1, toleratesGpu: true), KarpenterObjects.Pod("intolerant", gpus: 1)]);

        var claim = Assert.Single(plan.Claims);
        Assert.Equal("gpu", claim.Pool.Name);
        Assert.Equal("g5.xlarge", claim.InstanceType.Name);
        Assert.Equal("on-demand", claim.CapacityType);
        Assert.Equal("tolerant", claim.Pods.Single()["metadata"]!["name"]!.GetValue<string>());

        var (pod, message) = Assert.Single(plan.Failures);
        Assert.Equal("intolerant", pod["metadata"]!["name"]!.GetValue<string>());
        Assert.Contains("incompatible with nodepool \"gpu\"", message, StringComparison.Ordinal);
        Assert.Contains("did not tolerate nvidia.com/gpu=true:NoSchedule", message, StringComparison.Ordinal);
        Assert.Contains("incompatible with nodepool \"default\"", message, StringComparison.Ordinal);
        Assert.StartsWith("Failed to schedule pod, ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_gpus_in_one_pod_fit_no_type_of_the_gpu_pool()
    {
        var plan = Plan([KarpenterObjects.Pod("big", gpus: 4, toleratesGpu: true)]);

        Assert.Empty(plan.Claims);
        var message = Assert.Single(plan.Failures).Message;
        Assert.Contains("incompatible with nodepool \"gpu\", daemonset overhead={}, no instance type satisfied resources", message, StringComparison.Ordinal);
        Assert.Contains("\"nvidia.com/gpu\":\"4\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpu_pods_beyond_the_limit_stay_pending_with_the_limit_named()
    {
        // 29 GPUs in use: one more node fits the limit of 30, the next does not.
        var usage = new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["gpu"] = new Dictionary<string, decimal> { ["nvidia.com/gpu"] = 29 } };
        var plan = Plan([KarpenterObjects.Pod("one", gpus: 1, toleratesGpu: true), KarpenterObjects.Pod("two", gpus: 1, toleratesGpu: true)], usage);

        Assert.Single(plan.Claims);
        var message = Assert.Single(plan.Failures).Message;
        Assert.Contains("all available instance types exceed limits for nodepool: \"gpu\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thirty_one_single_gpu_pods_get_thirty_nodes()
    {
        var pods = Enumerable.Range(0, 31).Select(i => KarpenterObjects.Pod($"p{i}", gpus: 1, toleratesGpu: true)).ToList();

        var plan = Plan(pods);

        Assert.Equal(30, plan.Claims.Count);
        Assert.All(plan.Claims, c => Assert.Equal(1, c.InstanceType.Gpus));
        Assert.Contains("exceed limits for nodepool: \"gpu\"", Assert.Single(plan.Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_limit_drops_types_whose_capacity_exceeds_what_is_left()
    {
        var usage = new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["default"] = new Dictionary<string, decimal> { ["cpu"] = 9996 } };

        var plan = Plan([KarpenterObjects.Pod("a", "2")], usage);

        // 4 CPUs remain: a 4-vCPU xlarge fits the limit and the pod; nothing larger would.
        Assert.Equal("xlarge", Assert.Single(plan.Claims).InstanceType.Size);
        var none = Plan([KarpenterObjects.Pod("a", "6")], usage);
        Assert.Contains("all available instance types exceed limits for nodepool: \"default\"", Assert.Single(none.Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_selector_on_karpenter_labels_narrows_the_types()
    {
        var selector = new JsonObject { ["karpenter.k8s.aws/instance-family"] = "r6i", ["karpenter.sh/capacity-type"] = "on-demand" };

        var claim = Assert.Single(Plan([KarpenterObjects.Pod("a", "1", nodeSelector: selector)]).Claims);

        Assert.Equal("r6i.large", claim.InstanceType.Name);
        Assert.Equal("on-demand", claim.CapacityType);
    }

    [Fact]
    public void Daemonset_overhead_counts_against_every_node()
    {
        var overhead = new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["default"] = new Dictionary<string, decimal> { ["cpu"] = 0.5m, ["pods"] = 2 } };

        var plan = ProvisioningPlanner.Plan([KarpenterObjects.Pod("a", "1500m")], [PoolModel.Of(KarpenterObjects.DefaultPool())], None, overhead);

        // 1.5 + 0.5 = 2 cores: more than a large's 1.93.
        Assert.Equal("xlarge", Assert.Single(plan.Claims).InstanceType.Size);
    }
}
