using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Naming;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.Benchmarks.Karpenter;

/// <summary>
/// The local platform applied once on the embedded provider, as the end-to-end suite applies it, less its database (the
/// RDS instance on the machine's PostgreSQL, which Karpenter does not need). That gives the cluster's Karpenter everything
/// the platform gives it — its IRSA role and policy, the interruption queue, the node role's instance profile, subnets
/// and the node security group tagged for discovery, both node classes and pools — without restating any of it here.
/// </summary>
/// <remarks>Compiled into the end-to-end suite too, whose <c>KarpenterBenchmarkSetupTests</c> run one round on it.</remarks>
internal sealed class KarpenterPlatform : IAsyncDisposable
{
    private KarpenterPlatform(EmbeddedProvider provider, IKubernetes kube)
    {
        Provider = provider;
        Kube = kube;
    }

    /// <summary>The provider: its clock is the cluster's, moved by <see cref="EmbeddedProvider.Shift"/>.</summary>
    public EmbeddedProvider Provider { get; }

    /// <summary>The cluster's admin client.</summary>
    public IKubernetes Kube { get; }

    /// <summary>Starts the provider, applies the local spec of <paramref name="envDirectory"/> and waits until both node pools are Ready.</summary>
    public static async Task<KarpenterPlatform> StartAsync(string envDirectory, CancellationToken cancellationToken)
    {
        var settings = EnvironmentSettingsLoader.Load(envDirectory, "local");
        var spec = WithoutDatabase(PikselPlatform.Define(settings));
        var provider = await EmbeddedProvider.StartAsync(settings, null, cancellationToken);
        try
        {
            var engine = new PlatformEngine();
            var result = await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: cancellationToken), provider, cancellationToken: cancellationToken);
            if (result.Done.Count != spec.Resources.Count)
                throw new InvalidOperationException($"applied {result.Done.Count} of {spec.Resources.Count} resources of the local platform");
            var connection = await provider.Cluster.ConnectAsync(new PikselNames(settings.Name).Cluster, cancellationToken)
                ?? throw new InvalidOperationException("the local cluster is not reachable after the apply");
            var kube = KubernetesClientFactory.FromConnection(connection);
            await PoolsReadyAsync(kube, cancellationToken);
            return new KarpenterPlatform(provider, kube);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>The local spec less the database's resources and outputs (its security group by name: the nodes' group stays).</summary>
    public static PlatformSpec WithoutDatabase(PlatformSpec spec) => spec with
    {
        Resources = [.. spec.Resources.Where(r => !(r.Kind.StartsWith("Rds", StringComparison.Ordinal) || r.Kind.StartsWith("Postgres", StringComparison.Ordinal)
            || r is Piksel.Platform.Spec.Aws.Ec2SecurityGroup { Name: var group } && group.EndsWith("-db", StringComparison.Ordinal)
            || r is Piksel.Platform.Spec.Kubernetes.KubernetesService { Name: "db-endpoint" }))],
        Outputs = [.. spec.Outputs.Where(o => !o.Name.StartsWith("database.", StringComparison.Ordinal))],
    };

    /// <summary>Both NodePools Ready (their node classes resolved their subnets, groups and AMI through AWS).</summary>
    private static async Task PoolsReadyAsync(IKubernetes kube, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var items = (await kube.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("karpenter.sh", "v1", "nodepools", cancellationToken: cancellationToken))["items"]!.AsArray();
            var ready = items.Count(i => (i?["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True"));
            if (items.Count == 2 && ready == 2) return;
            if (watch.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{ready} of {items.Count} NodePools Ready after 60 s: Karpenter cannot provision here");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>A namespace <paramref name="name"/> for the benchmark's pods.</summary>
    public Task CreateNamespaceAsync(string name, CancellationToken cancellationToken) =>
        Kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kube.Dispose();
        await Provider.DisposeAsync();
    }
}
