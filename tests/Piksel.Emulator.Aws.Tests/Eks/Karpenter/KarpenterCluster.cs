using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Aws.Eks.Karpenter;
using Piksel.Emulator.Kubernetes;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>A cluster of its own with Karpenter's CRDs, the simulated Karpenter over an in-memory cloud, and the platform's pools.</summary>
internal sealed class KarpenterCluster : IAsyncDisposable
{
    private KarpenterCluster(KubeApiServer server, OffsetClock clock, InMemoryKarpenterCloud cloud)
    {
        Server = server;
        Clock = clock;
        Cloud = cloud;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    public KubeApiServer Server { get; }

    public OffsetClock Clock { get; }

    public InMemoryKarpenterCloud Cloud { get; }

    public IKubernetes Client { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the cluster and applies the default and gpu node classes and pools.</summary>
    public static async Task<KarpenterCluster> StartAsync(int gpuLimit = 30)
    {
        var clock = new OffsetClock();
        var cloud = new InMemoryKarpenterCloud();
        var builder = KubeApiServer.CreateBuilder(new KubeApiServerOptions { TimeProvider = clock }).AddCustomResourceDefinitions(PlatformCrds.Manifests);
        var server = await KarpenterController.AddTo(builder, _ => cloud).StartAsync(cancellationToken: Ct);
        var cluster = new KarpenterCluster(server, clock, cloud);
        foreach (var name in new[] { "default", "gpu" })
            await cluster.CreateAsync(KarpenterManifestsForTests.NodeClass(name), "karpenter.k8s.aws", "ec2nodeclasses");
        await cluster.CreateAsync(KarpenterObjects.DefaultPool(), "karpenter.sh", "nodepools");
        await cluster.CreateAsync(KarpenterObjects.GpuPool(gpuLimit), "karpenter.sh", "nodepools");
        return cluster;
    }

    public Task CreateAsync(JsonObject obj, string group, string plural) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(obj, group, "v1", plural, cancellationToken: Ct);

    public async Task<JsonObject> GetAsync(string group, string plural, string name) =>
        await Client.CustomObjects.GetClusterCustomObjectAsync<JsonObject>(group, "v1", plural, name, Ct);

    /// <summary>Nodes Karpenter launched.</summary>
    public async Task<IList<V1Node>> KarpenterNodesAsync() =>
        (await Client.CoreV1.ListNodeAsync(labelSelector: "karpenter.sh/nodepool", cancellationToken: Ct)).Items;

    public async Task<V1Pod> CreatePodAsync(JsonObject pod)
    {
        var created = await Client.CoreV1.CreateNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(pod.ToJsonString()), "default", cancellationToken: Ct);
        return created;
    }

    public async Task<V1Pod> PodAsync(string name) => await Client.CoreV1.ReadNamespacedPodAsync(name, "default", cancellationToken: Ct);

    /// <summary>The events about pod <paramref name="name"/>.</summary>
    public async Task<IList<Corev1Event>> EventsOfAsync(string name) =>
        (await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={name}", cancellationToken: Ct)).Items;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An EC2NodeClass as the platform writes it, selecting the test cluster (<c>piksel</c>).</summary>
internal static class KarpenterManifestsForTests
{
    public static JsonObject NodeClass(string name) => JsonNode.Parse("""
        {"apiVersion":"karpenter.k8s.aws/v1","kind":"EC2NodeClass","metadata":{"name":"CLASS_NAME"},"spec":{
          "amiSelectorTerms":[{"alias":"al2023@v20260403"}],"role":"piksel-local-node",
          "subnetSelectorTerms":[{"tags":{"karpenter.sh/discovery":"piksel"}}],
          "securityGroupSelectorTerms":[{"tags":{"karpenter.sh/discovery":"piksel"}}],
          "blockDeviceMappings":[{"deviceName":"/dev/xvda","rootVolume":true,"ebs":{"volumeSize":"120Gi","volumeType":"gp3","encrypted":true}}],
          "metadataOptions":{"httpTokens":"required"},"tags":{"NodeGroup":"test"}}}
        """.Replace("CLASS_NAME", name, StringComparison.Ordinal))!.AsObject();
}
