using System.Text;
using k8s;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Tokens;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>A server of its own on a clock the test moves (deadlines, minReadySeconds, cron schedules), with a client and a kubeconfig file.</summary>
internal sealed class ClockedCluster : IAsyncDisposable
{
    private ClockedCluster(ManualClock clock, KubeApiServer server, string kubeconfigPath)
    {
        Clock = clock;
        Server = server;
        KubeconfigPath = kubeconfigPath;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    public ManualClock Clock { get; }

    public KubeApiServer Server { get; }

    public IKubernetes Client { get; }

    public string KubeconfigPath { get; }

    /// <summary>Starts a server whose clock stands at <paramref name="start"/> (now by default) until moved.</summary>
    public static async Task<ClockedCluster> StartAsync(DateTimeOffset? start = null)
    {
        var clock = new ManualClock(start ?? DateTimeOffset.UtcNow);
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TimeProvider = clock }, cancellationToken: TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"piksel-kubeconfig-{Guid.NewGuid():N}");
        server.WriteKubeconfig(path);
        return new ClockedCluster(clock, server, path);
    }

    /// <summary>Moves the clock on, then lets the controllers act on what came due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await SettleAsync();
    }

    public Task SettleAsync() => Server.SettleAsync(cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A namespace for the test, once the namespace controller has filled it in.</summary>
    public async Task<string> NewNamespaceAsync(string name)
    {
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = name } }, cancellationToken: TestContext.Current.CancellationToken);
        await SettleAsync();
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        File.Delete(KubeconfigPath);
    }
}
