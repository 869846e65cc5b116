using System.Text;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>A server of one test's own, for tests that add, taint or cordon nodes (which would move other tests' pods).</summary>
internal sealed class OwnCluster : IAsyncDisposable
{
    private OwnCluster(KubeApiServer server)
    {
        Server = server;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    public KubeApiServer Server { get; }

    public IKubernetes Client { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<OwnCluster> StartAsync(TimeProvider? time = null)
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TimeProvider = time ?? TimeProvider.System }, cancellationToken: Ct);
        var cluster = new OwnCluster(server);
        await cluster.SettleAsync();
        return cluster;
    }

    public Task SettleAsync() => Server.SettleAsync(cancellationToken: Ct);

    public async Task<string> NamespaceAsync(string name)
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        await SettleAsync();
        return name;
    }

    /// <summary>Registers a node as its kubelet would: Ready (unless told otherwise), with an InternalIP and allocatable.</summary>
    public Task<V1Node> AddNodeAsync(string name, string ip, IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null,
        Dictionary<string, string>? allocatable = null, bool ready = true, string? podCidr = null)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("8Gi"), ["pods"] = new("110") };
        foreach (var (key, value) in allocatable ?? new Dictionary<string, string>()) resources[key] = new ResourceQuantity(value);
        var nodeLabels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" };
        foreach (var (key, value) in labels ?? new Dictionary<string, string>()) nodeLabels[key] = value;
        return Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = nodeLabels },
            Spec = new V1NodeSpec { Taints = taints, PodCIDR = podCidr },
            Status = new V1NodeStatus
            {
                Allocatable = resources,
                Capacity = resources,
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = ip }, new V1NodeAddress { Type = "Hostname", Address = name }],
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False", Reason = ready ? "KubeletReady" : "KubeletNotReady" }],
            },
        }, cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
