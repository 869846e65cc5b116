using Piksel.Emulator.Kubernetes;
using Piksel.Platform.Definition;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

/// <summary>
/// A cluster without a custom kind's CRD (a user's own cluster without Karpenter or the External Secrets Operator):
/// reading finds nothing, and applying says which kind, group/version and what to install instead of a bare 404.
/// </summary>
public sealed class MissingCrdTests : IAsyncLifetime
{
    private const string Cluster = "users-cluster";

    private KubeApiServer server = null!;
    private KubeconfigClientSource source = null!;
    private KubernetesHandlerContext context = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // A plain API server: no CRDs of any add-on.
        server = await KubeApiServer.StartAsync(new KubeApiServerOptions(), cancellationToken: Ct);
        source = new KubeconfigClientSource(Cluster, server.Kubeconfig);
        context = new KubernetesHandlerContext(source, _ => Cluster);
    }

    [Fact]
    public async Task A_node_pool_is_refused_naming_the_kind_its_group_and_Karpenter()
    {
        var handler = new KarpenterNodePoolHandler(context);
        var pool = Platform().OfType<KarpenterNodePool>().Single(p => p.Name == "default") with { Cluster = Cluster };
        Assert.Null(await handler.ReadAsync(pool, Ct));

        var e = await Assert.ThrowsAsync<MissingCustomResourceDefinitionException>(() => handler.ApplyAsync(pool, null, Ct));

        Assert.Equal(("NodePool", "karpenter.sh", "v1"), (e.Kind, e.Group, e.Version));
        Assert.Equal(
            "The cluster users-cluster does not serve NodePool (karpenter.sh/v1, resource nodepools.karpenter.sh): its CustomResourceDefinition is not installed. "
            + "Install Karpenter v1 (its Helm chart, or the karpenter-crd chart alone, installs the NodePool, NodeClaim and EC2NodeClass CRDs) on the cluster, then apply again.",
            e.Message);
        Assert.Empty(await handler.ListManagedAsync("local", Ct));
    }

    [Fact]
    public async Task A_node_class_is_refused_naming_its_own_group()
    {
        var handler = new KarpenterNodeClassHandler(context);
        var nodeClass = Platform().OfType<KarpenterNodeClass>().First() with { Cluster = Cluster };

        var e = await Assert.ThrowsAsync<MissingCustomResourceDefinitionException>(() => handler.ApplyAsync(nodeClass, null, Ct));

        Assert.Equal(("EC2NodeClass", "karpenter.k8s.aws", "v1"), (e.Kind, e.Group, e.Version));
        Assert.Contains("Install Karpenter v1", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The local environment's resources, as the platform defines them.</summary>
    private static IEnumerable<Spec.PlatformResource> Platform()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Piksel.Platform.sln"))) root = root.Parent!;
        return PikselPlatform.Define(EnvironmentSettingsLoader.Load(Path.Combine(root.FullName, "env"), "local")).Resources;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        source.Dispose();
        await server.DisposeAsync();
    }
}
