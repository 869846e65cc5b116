using k8s;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The local environment brought up once per run on PIKSEL_PROVIDER (embedded when unset): env/local.json,
/// <see cref="PikselPlatform.Define"/>, one apply. A failed apply is kept, not thrown, so the test that asserts it
/// names the failing resources while the others skip.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private EmbeddedProvider? _provider;

    /// <summary>Why the suite does not run on this provider, or null.</summary>
    public string? SkipReason { get; private set; }

    public EnvironmentSettings Settings { get; private set; } = null!;

    public PikselNames Names { get; private set; } = null!;

    public PlatformSpec Spec { get; private set; } = null!;

    public PlatformEngine Engine { get; } = new();

    public IPlatformProvider Provider => _provider!;

    /// <summary>The result of the one apply, or null when it failed.</summary>
    public ApplyResult? Applied { get; private set; }

    /// <summary>The apply's failure, or null.</summary>
    public Exception? ApplyFailure { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var provider = Environment.GetEnvironmentVariable("PIKSEL_PROVIDER");
        if (!string.IsNullOrEmpty(provider) && !string.Equals(provider, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            SkipReason = $"PIKSEL_PROVIDER={provider}: only the embedded provider is implemented so far.";
            return;
        }

        Settings = EnvironmentSettingsLoader.Load(Path.Combine(RepositoryRoot(), "env"), "local");
        Names = new PikselNames(Settings.Name);
        Spec = PikselPlatform.Define(Settings);
        _provider = await EmbeddedProvider.StartAsync(Settings, null, CancellationToken.None);
        try
        {
            var plan = await Engine.PlanAsync(Spec, Provider);
            Applied = await Engine.ApplyAsync(plan, Provider);
        }
        catch (Exception e) when (e is PlatformEngineException or RetryableResourceException or InvalidOperationException)
        {
            ApplyFailure = e;
        }
    }

    /// <summary>Skips the calling test when the suite does not run here or the platform did not come up.</summary>
    public ApplyResult RequireApplied()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }

        if (Applied is null)
        {
            Assert.Skip($"The platform did not apply: {ApplyFailure?.Message}");
        }

        return Applied;
    }

    /// <summary>A Kubernetes client of the environment's cluster, through the provider's cluster strategy.</summary>
    public async Task<IKubernetes> KubernetesAsync(CancellationToken cancellationToken)
    {
        var connection = await Provider.Cluster.ConnectAsync(Names.Cluster, cancellationToken)
            ?? throw new InvalidOperationException($"Cluster {Names.Cluster} is not reachable.");
        return KubernetesClientFactory.FromConnection(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>The folder holding Piksel.Platform.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Piksel.Platform.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
