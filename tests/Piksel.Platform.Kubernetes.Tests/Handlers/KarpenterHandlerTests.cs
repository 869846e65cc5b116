using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Platform.Definition;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

/// <summary>
/// The platform's EC2NodeClasses and NodePools against the embedded API server with Karpenter v1's CRDs: they pass the
/// schemas and CEL rules (so a real cluster running Karpenter v1 accepts them), read back as written, and drift is seen.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class KarpenterHandlerTests(KubeFixture fixture)
{
    private const string KeyArn = "arn:aws:kms:ap-southeast-3:000000000000:key/0b7f7c55-2a8d-4c33-9d3b-7a1c9e3d1f00";

    private readonly KarpenterNodeClassHandler classes = new(fixture.Context);
    private readonly KarpenterNodePoolHandler pools = new(fixture.Context);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The local environment's Karpenter objects, in the test cluster, the key's token resolved, under unique names.</summary>
    private static (KarpenterNodeClass[] Classes, KarpenterNodePool[] Pools) PlatformObjects(string suffix)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Piksel.Platform.sln"))) root = root.Parent!;
        var spec = PikselPlatform.Define(EnvironmentSettingsLoader.Load(Path.Combine(root.FullName, "env"), "local"));
        var nodeClasses = spec.Resources.OfType<KarpenterNodeClass>()
            .Select(c => c with { Name = c.Name + suffix, Cluster = KubeFixture.ClusterName, KmsKeyId = KeyArn }).ToArray();
        var nodePools = spec.Resources.OfType<KarpenterNodePool>()
            .Select(p => p with { Name = p.Name + suffix, NodeClassName = p.NodeClassName + suffix, Cluster = KubeFixture.ClusterName }).ToArray();
        return (nodeClasses, nodePools);
    }

    [Fact]
    public async Task The_platforms_node_classes_and_pools_apply_and_read_back_unchanged()
    {
        var (nodeClasses, nodePools) = PlatformObjects(KubeFixture.Unique("-k")[..7]);
        Assert.Equal(["default", "gpu"], nodeClasses.Select(c => c.Name[..c.Name.IndexOf('-', StringComparison.Ordinal)]).Order());
        Assert.Equal(2, nodePools.Length);

        foreach (var c in nodeClasses) await classes.ApplyAsync(c, null, Ct);
        foreach (var p in nodePools) await pools.ApplyAsync(p, null, Ct);

        foreach (var c in nodeClasses) Assert.Equal(ResourceAttributes.Of(c), ResourceAttributes.Of((await classes.ReadAsync(c, Ct))!.State));
        foreach (var p in nodePools) Assert.Equal(ResourceAttributes.Of(p), ResourceAttributes.Of((await pools.ReadAsync(p, Ct))!.State));

        var gpu = nodePools.Single(p => p.Name.StartsWith("gpu", StringComparison.Ordinal));
        var live = await fixture.Client.CustomObjects.GetClusterCustomObjectAsync<JsonObject>(
            KarpenterManifests.CoreGroup, KarpenterManifests.Version, KarpenterManifests.NodePools, gpu.Name, Ct);
        Assert.Equal("30", live["spec"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal("nvidia.com/gpu", live["spec"]!["template"]!["spec"]!["taints"]![0]!["key"]!.GetValue<string>());
        // The CRD's default budget is filled in by the server, as real Karpenter's is.
        Assert.Equal("10%", live["spec"]!["disruption"]!["budgets"]![0]!["nodes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Drift_is_seen_and_restored()
    {
        var (nodeClasses, nodePools) = PlatformObjects(KubeFixture.Unique("-d")[..7]);
        var pool = nodePools[0];
        await classes.ApplyAsync(nodeClasses[0], null, Ct);
        await pools.ApplyAsync(pool, null, Ct);

        var patch = new V1Patch("""{"spec":{"limits":{"cpu":"5"},"disruption":{"consolidateAfter":"1h"}}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CustomObjects.PatchClusterCustomObjectAsync(
            patch, KarpenterManifests.CoreGroup, KarpenterManifests.Version, KarpenterManifests.NodePools, pool.Name, fieldManager: "someone", cancellationToken: Ct);
        var drifted = (await pools.ReadAsync(pool, Ct))!;
        Assert.Equal(TimeSpan.FromHours(1), drifted.State.ConsolidateAfter);
        Assert.NotEqual(ResourceAttributes.Of(pool), ResourceAttributes.Of(drifted.State));

        await pools.ApplyAsync(pool, drifted, Ct);
        Assert.Equal(ResourceAttributes.Of(pool), ResourceAttributes.Of((await pools.ReadAsync(pool, Ct))!.State));
        await pools.DeleteAsync(drifted, Ct);
        Assert.Null(await pools.ReadAsync(pool, Ct));
    }

    [Fact]
    public async Task The_CRDs_refuse_what_Karpenter_refuses()
    {
        var (nodeClasses, nodePools) = PlatformObjects(KubeFixture.Unique("-r")[..7]);

        // An alias of an unknown family and a requirement on a restricted key are rejected by the CRDs' CEL rules.
        var badClass = await Assert.ThrowsAsync<HttpOperationException>(() => classes.ApplyAsync(nodeClasses[0] with { AmiAlias = "ubuntu@latest" }, null, Ct));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, badClass.Response.StatusCode);
        var badPool = await Assert.ThrowsAsync<HttpOperationException>(() => pools.ApplyAsync(
            nodePools[0] with { Requirements = [KarpenterRequirement.In("karpenter.sh/nodepool", "x")] }, null, Ct));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, badPool.Response.StatusCode);
    }
}
