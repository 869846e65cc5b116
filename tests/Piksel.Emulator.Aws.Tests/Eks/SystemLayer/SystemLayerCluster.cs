using System.Collections.Concurrent;
using System.Text;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>
/// A cluster API server with EKS's system layer, fed a spec the test owns and changes, and the add-on reports it
/// receives; tests talk to it through KubernetesClient with the admin kubeconfig.
/// </summary>
internal sealed class SystemLayerCluster : IAsyncDisposable
{
    public const string Region = "eu-west-1";

    private readonly ConcurrentQueue<AddonReport> reports = new();
    private volatile ClusterSystemSpec spec;

    private SystemLayerCluster(ClusterSystemSpec spec) => this.spec = spec;

    public KubeApiServer Server { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public ClusterSystemSpec Spec => spec;

    public IReadOnlyList<AddonReport> Reports => [.. reports];

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The spec of an empty cluster named "sys" in <see cref="Region"/> with service CIDR <paramref name="serviceCidr"/>.</summary>
    public static ClusterSystemSpec EmptySpec(string serviceCidr = "10.100.0.0/16") =>
        new("sys", $"arn:aws:eks:{Region}:000000000000:cluster/sys", "000000000000", Region, "1.33", serviceCidr, [], [], []);

    /// <summary>Starts the cluster; with <paramref name="dataDirectory"/> its objects outlive it, for a cluster started again over them.</summary>
    public static async Task<SystemLayerCluster> StartAsync(ClusterSystemSpec? initial = null, string? dataDirectory = null)
    {
        var cluster = new SystemLayerCluster(initial ?? EmptySpec());
        var builder = KubeApiServer.CreateBuilder(new KubeApiServerOptions { ClusterName = "sys", Region = Region, DataDirectory = dataDirectory });
        EksSystemLayer.AddTo(builder, () => cluster.spec, cluster.reports.Enqueue);
        cluster.Server = await builder.StartAsync(cancellationToken: Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(cluster.Server.Kubeconfig));
        cluster.Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
        return cluster;
    }

    /// <summary>Changes the spec the system layer reads.</summary>
    public void Update(Func<ClusterSystemSpec, ClusterSystemSpec> change) => spec = change(spec);

    /// <summary>An add-on as the EKS API would hand it over.</summary>
    public static AddonSpec Addon(string name, string version, string? role = null, string? values = null, string resolve = "OVERWRITE") =>
        new(name, version, role, values, resolve, false, false);

    /// <summary>Waits for a report matching <paramref name="match"/> (the reports are kept, so one that came already counts).</summary>
    public async Task<AddonReport> ReportAsync(Func<AddonReport, bool> match)
    {
        var deadline = Environment.TickCount64 + 20_000;
        while (true)
        {
            if (reports.LastOrDefault(match) is { } found) return found;
            if (Environment.TickCount64 > deadline) throw new TimeoutException("no matching add-on report; got: " + string.Join("; ", reports));
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polled; the system layer's controllers run beside the test).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + 20_000;
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (Environment.TickCount64 > deadline) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>Creates a namespace and lets the namespace controller finish it (default service account).</summary>
    public async Task<string> NamespaceAsync(string name)
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        await Server.SettleAsync(cancellationToken: Ct);
        return name;
    }

    /// <summary>A private subnet as EC2 would describe it.</summary>
    public static SubnetView Subnet(string id, string zone, string cidr) => new(id, "vpc-1", zone, cidr, false);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
