using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The Karpenter objects of the definition: the values PLATFORM.md gives the node classes and pools.</summary>
public sealed class KarpenterNodePoolDefinitionTests
{
    [Fact]
    public void Node_classes_pin_AL2023_use_the_node_role_and_encrypt_the_root_volume_with_the_platform_key()
    {
        var spec = DefinitionHelpers.Local;
        var key = spec.Resources.Single(r => r.Kind == "KmsKey");
        foreach (var name in new[] { "default", "gpu" })
        {
            var nodeClass = spec.Get<KarpenterNodeClass>(name);
            Assert.Matches("^al2023@v[0-9]{8}$", nodeClass.AmiAlias);
            Assert.Equal(spec.Role("node").Name, nodeClass.Role);
            Assert.Equal($"piksel-{spec.Environment}-cluster", nodeClass.Discovery);
            Assert.Equal(("/dev/xvda", "120Gi", "gp3", "required"), (nodeClass.RootDeviceName, nodeClass.RootVolumeSize, nodeClass.RootVolumeType, nodeClass.HttpTokens));
            Assert.Contains(key.Id, nodeClass.DependsOn);
            Assert.StartsWith($"${{ref:KmsKey.{key.Key}#", nodeClass.KmsKeyId, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_default_pool_takes_c_m_r_t_families_on_demand_and_spot_and_the_gpu_pool_g5_with_a_30_GPU_limit()
    {
        var spec = DefinitionHelpers.Local;
        var pool = spec.Get<KarpenterNodePool>("default");
        var families = pool.Requirements.Single(r => r.Key == "karpenter.k8s.aws/instance-family").Values;
        Assert.Equal(["c", "m", "r", "t"], families.Select(f => f[..1]).Distinct().Order());
        Assert.Equal(["on-demand", "spot"], pool.Requirements.Single(r => r.Key == "karpenter.sh/capacity-type").Values.Order());
        Assert.Equal("WhenEmptyOrUnderutilized", pool.ConsolidationPolicy);
        Assert.Empty(pool.Taints);

        var gpu = spec.Get<KarpenterNodePool>("gpu");
        Assert.Equal(["g5.2xlarge", "g5.4xlarge", "g5.xlarge"], gpu.Requirements.Single(r => r.Key == "node.kubernetes.io/instance-type").Values.Order());
        Assert.Equal("30", gpu.Limits["nvidia.com/gpu"]);
        Assert.Equal(new KarpenterTaint("nvidia.com/gpu", "true", "NoSchedule"), Assert.Single(gpu.Taints));
        Assert.Equal("gpu", gpu.NodeClassName);
    }
}
