using k8s;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.AppHost.UnitTests;

/// <summary>The local environment (env/local.json) on a started embedded provider, applied once for the class's tests.</summary>
public sealed class AppliedEnvironment : IAsyncLifetime
{
    private EmbeddedProvider? provider;

    /// <summary>env/local.json.</summary>
    public EnvironmentSettings Settings { get; } = EnvironmentSettingsLoader.Load(Path.Combine(RepositoryRoot(), "env"), "local");

    /// <summary>The platform's spec.</summary>
    public PlatformSpec Spec { get; private set; } = null!;

    /// <summary>The started, applied provider.</summary>
    public EmbeddedProvider Provider => provider ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Spec = PikselPlatform.Define(Settings);
        provider = await EmbeddedProvider.StartAsync(Settings, null, CancellationToken.None);
        var engine = new PlatformEngine();
        await engine.ApplyAsync(await engine.PlanAsync(Spec, provider), provider);
    }

    /// <summary>A client of <paramref name="cluster"/>.</summary>
    public async Task<IKubernetes> KubernetesAsync(string cluster) =>
        KubernetesClientFactory.FromConnection(await Provider.Cluster.ConnectAsync(cluster, CancellationToken.None) ?? throw new InvalidOperationException($"no cluster {cluster}"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (provider is not null) await provider.DisposeAsync();
    }

    /// <summary>The folder holding Piksel.Platform.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Piksel.Platform.sln above {AppContext.BaseDirectory}.");
    }
}
