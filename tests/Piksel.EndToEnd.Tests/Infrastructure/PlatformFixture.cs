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
/// The local environment brought up once per run on <see cref="PlatformTarget.Current"/>: env/local.json,
/// <see cref="PikselPlatform.Define"/>, one apply. A failed apply is kept, not thrown: the test that asserts it names the
/// failing resources, and every other access to the platform (<see cref="Provider"/>, <see cref="Applied"/>) throws
/// with the apply's error, so each dependent test fails saying why. Nothing here skips: tests the target cannot run are
/// skipped by their <see cref="PlatformFactAttribute"/> before this fixture starts.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly PlatformTarget target;
    private readonly Func<EnvironmentSettings, CancellationToken, Task<IPlatformProvider>> start;
    private readonly Func<PlatformEngine, PlatformSpec, IPlatformProvider, CancellationToken, Task<ApplyResult>> apply;
    private IPlatformProvider? provider;
    private ApplyResult? applied;

    /// <summary>The suite's fixture: the embedded provider, the engine's plan and apply.</summary>
    public PlatformFixture()
        : this(PlatformTarget.Current, PlatformTarget.Current.Kind == ProviderKind.LocalStack ? StartLocalStackAsync : StartEmbeddedAsync, PlanAndApplyAsync)
    {
    }

    /// <summary>A fixture whose provider and apply are given (for tests of the fixture itself).</summary>
    internal PlatformFixture(
        PlatformTarget target,
        Func<EnvironmentSettings, CancellationToken, Task<IPlatformProvider>> start,
        Func<PlatformEngine, PlatformSpec, IPlatformProvider, CancellationToken, Task<ApplyResult>> apply)
    {
        this.target = target;
        this.start = start;
        this.apply = apply;
        Settings = PlatformClients.LocalSettings();
        Names = new PikselNames(Settings.Name);
        Spec = PikselPlatform.Define(Settings);
    }

    /// <summary>env/local.json, bound and validated.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>The environment's resource names.</summary>
    public PikselNames Names { get; }

    /// <summary>The spec the fixture applies.</summary>
    public PlatformSpec Spec { get; }

    /// <summary>The engine the fixture applied with, for tests that plan or apply again.</summary>
    public PlatformEngine Engine { get; } = new();

    /// <summary>The provider the platform was applied on; throws <see cref="PlatformNotAppliedException"/> when it was not.</summary>
    public IPlatformProvider Provider => applied is not null && provider is not null ? provider : throw NotApplied();

    /// <summary>The result of the one apply; throws <see cref="PlatformNotAppliedException"/>, carrying the apply's error, when it failed.</summary>
    public ApplyResult Applied => applied ?? throw NotApplied();

    /// <summary>The apply's failure, or null.</summary>
    public Exception? ApplyFailure { get; private set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // Every test that would use the platform is skipped on such a target: start nothing.
        if (target.SkipReason is not null)
            return;

        provider = await start(Settings, CancellationToken.None);
        try
        {
            applied = await apply(Engine, Spec, provider, CancellationToken.None);
        }
        catch (Exception e) when (e is PlatformEngineException or RetryableResourceException or InvalidOperationException)
        {
            ApplyFailure = e;
        }
    }

    /// <summary>A Kubernetes client of the environment's cluster, through the provider's cluster strategy.</summary>
    public async Task<IKubernetes> KubernetesAsync(CancellationToken cancellationToken)
    {
        var connection = await Provider.Cluster.ConnectAsync(Names.Cluster, cancellationToken)
            ?? throw new InvalidOperationException($"Cluster {Names.Cluster} is not reachable.");
        return KubernetesClientFactory.FromConnection(connection);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (provider is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }

    /// <summary>The folder holding Piksel.Platform.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No Piksel.Platform.sln above {AppContext.BaseDirectory}.");
    }

    private PlatformNotAppliedException NotApplied() => ApplyFailure is { } failure
        ? new PlatformNotAppliedException($"The platform did not apply: {failure.Message}", failure)
        : new PlatformNotAppliedException($"The platform was not brought up: {target.SkipReason ?? "the fixture has not been initialized."}");

    private static async Task<IPlatformProvider> StartEmbeddedAsync(EnvironmentSettings settings, CancellationToken cancellationToken) =>
        await EmbeddedProvider.StartAsync(settings, null, cancellationToken);

    /// <summary>The <c>localstack</c> provider, its records in a fresh temporary directory (the containers are new too).</summary>
    private static async Task<IPlatformProvider> StartLocalStackAsync(EnvironmentSettings settings, CancellationToken cancellationToken) =>
        await Piksel.Hosting.LocalStack.LocalStackProvider.StartAsync(
            settings, Directory.CreateTempSubdirectory("piksel-localstack-").FullName, cancellationToken);

    private static async Task<ApplyResult> PlanAndApplyAsync(PlatformEngine engine, PlatformSpec spec, IPlatformProvider provider, CancellationToken cancellationToken)
    {
        var plan = await engine.PlanAsync(spec, provider, cancellationToken: cancellationToken);
        return await engine.ApplyAsync(plan, provider, cancellationToken: cancellationToken);
    }
}
