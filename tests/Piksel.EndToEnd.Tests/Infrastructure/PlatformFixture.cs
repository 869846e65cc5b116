using k8s;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Testing;
using Xunit.v3;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The local environment brought up once per run on <see cref="PlatformTarget.Current"/>: env/local.json,
/// <see cref="PikselPlatform.Define"/>, one apply. A failed apply is kept, not thrown: the test that asserts it names the
/// failing resources, and every other access to the platform (<see cref="Provider"/>, <see cref="Applied"/>) throws
/// with the apply's error, so each dependent test fails saying why. Nothing here skips: tests the target cannot run are
/// skipped by their <see cref="PlatformFactAttribute"/> before this fixture starts. What the attributes decided from
/// <see cref="PlatformTarget.Declared"/> is held to the started provider's own <see cref="IPlatformProvider.Capabilities"/>:
/// a provider declaring less than the table is refused before anything is applied, and a test whose needs the provider
/// does not cover is refused its <see cref="Provider"/>.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    /// <summary>How the suite starts each provider kind.</summary>
    private static readonly Dictionary<ProviderKind, Func<EnvironmentSettings, CancellationToken, Task<IPlatformProvider>>> Starts = new()
    {
        [ProviderKind.Embedded] = StartEmbeddedAsync,
        [ProviderKind.Aws] = StartAwsAsync,
        [ProviderKind.Existing] = StartExistingAsync,
        [ProviderKind.LocalStack] = StartLocalStackAsync,
    };

    private readonly PlatformTarget target;
    private readonly Func<EnvironmentSettings, CancellationToken, Task<IPlatformProvider>> start;
    private readonly Func<PlatformEngine, PlatformSpec, IPlatformProvider, CancellationToken, Task<ApplyResult>> apply;
    private IPlatformProvider? provider;
    private ApplyResult? applied;
    private string? refusal;

    /// <summary>The suite's fixture: the provider <c>PIKSEL_PROVIDER</c> names, the engine's plan and apply.</summary>
    public PlatformFixture()
        : this(PlatformTarget.Current)
    {
    }

    /// <summary>A fixture on <paramref name="target"/> as the suite starts it (for tests of the fixture itself).</summary>
    internal PlatformFixture(PlatformTarget target)
        : this(target, StartFor(target), PlanAndApplyAsync)
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
        Settings = SettingsFor(target);
        Names = new PikselNames(Settings.Name);
        Spec = PikselPlatform.Define(Settings);
    }

    /// <summary>env/local.json, bound and validated (on <c>aws</c>, as <see cref="AwsSettings"/> adapts it).</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>The environment's resource names.</summary>
    public PikselNames Names { get; }

    /// <summary>The spec the fixture applies.</summary>
    public PlatformSpec Spec { get; }

    /// <summary>The engine the fixture applied with, for tests that plan or apply again.</summary>
    public PlatformEngine Engine { get; } = new();

    /// <summary>
    /// The provider the platform was applied on; throws <see cref="PlatformNotAppliedException"/> when it was not, and
    /// <see cref="InvalidOperationException"/> when the running test needs what the provider does not declare.
    /// </summary>
    public IPlatformProvider Provider => ProviderFor(RunningTestNeeds());

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
        var undeclared = CapabilityGap.Missing(provider.Capabilities, target.Capabilities);
        if (undeclared != ProviderCapabilities.None)
        {
            // The attributes let through tests that this provider says it cannot prove: apply nothing, fail them all.
            refusal = $"{PlatformTarget.Variable}={CapabilityGap.Name(provider.Kind)}: the suite's table says the provider proves {target.Capabilities}, "
                + $"but it declares {provider.Capabilities}: {CapabilityGap.Describe(provider.Kind, undeclared)}.";
            return;
        }

        try
        {
            applied = await apply(Engine, Spec, provider, CancellationToken.None);
        }
        catch (Exception e) when (e is PlatformEngineException or RetryableResourceException or InvalidOperationException)
        {
            ApplyFailure = e;
        }
    }

    /// <summary>
    /// The provider, for a test that needs <paramref name="needs"/>: refused when the provider's own
    /// <see cref="IPlatformProvider.Capabilities"/> do not cover them, so a test cannot pass where nothing proves it.
    /// </summary>
    internal IPlatformProvider ProviderFor(ProviderCapabilities needs)
    {
        if (applied is null || provider is null)
            throw NotApplied();

        var missing = CapabilityGap.Missing(provider.Capabilities, needs);
        return missing == ProviderCapabilities.None
            ? provider
            : throw new InvalidOperationException($"This test needs {needs}, which the provider does not declare: {CapabilityGap.Describe(provider.Kind, missing)}.");
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
        : new PlatformNotAppliedException($"The platform was not brought up: {refusal ?? target.SkipReason ?? "the fixture has not been initialized."}");

    /// <summary>What the running test's <see cref="IPlatformNeeds"/> attribute says it needs (None outside a platform test).</summary>
    private static ProviderCapabilities RunningTestNeeds() =>
        TestContext.Current.TestMethod is IXunitTestMethod method
            ? method.Method.GetCustomAttributes(inherit: false).OfType<IPlatformNeeds>().Select(n => n.Needs).FirstOrDefault()
            : ProviderCapabilities.None;

    /// <summary>How the suite starts <paramref name="target"/>'s provider; a target naming none starts nothing (its tests are skipped).</summary>
    private static Func<EnvironmentSettings, CancellationToken, Task<IPlatformProvider>> StartFor(PlatformTarget target) =>
        target.Kind is { } kind
            ? Starts[kind]
            : (_, _) => throw new InvalidOperationException($"The fixture must not start a provider: {target.SkipReason}");

    /// <summary>
    /// env/local.json as the <c>aws</c> provider deploys it: its two accounts (the provider touches only the
    /// environment's and its hub's, so the public datasets account is left out) and the hub reached through the role
    /// real hubs hold (<c>piksel-local-deployer</c>, ExternalId <c>piksel-local</c>). Everything else stays local's, so
    /// the suite's checks (and the MemberData built from <see cref="PlatformClients.LocalSpec"/>) hold unchanged.
    /// </summary>
    public static EnvironmentSettings AwsSettings(EnvironmentSettings local)
    {
        ArgumentNullException.ThrowIfNull(local);
        return local with
        {
            Provider = ProviderKind.Aws,
            PublicDatasetsAccount = null,
            HubRoleArn = $"arn:aws:iam::{local.HubAccount}:role/piksel-{local.Name}-deployer",
            HubExternalId = $"piksel-{local.Name}",
        };
    }

    /// <summary>The settings the fixture applies on <paramref name="target"/>: local's, adapted for <c>aws</c>.</summary>
    internal static EnvironmentSettings SettingsFor(PlatformTarget target) =>
        target.Kind == ProviderKind.Aws ? AwsSettings(PlatformClients.LocalSettings()) : PlatformClients.LocalSettings();

    /// <summary>The <c>aws</c> provider on an emulator impersonating the environment's accounts (no faults).</summary>
    private static async Task<IPlatformProvider> StartAwsAsync(EnvironmentSettings settings, CancellationToken cancellationToken) =>
        await AwsStandIn.StartAsync(settings, [], cancellationToken);

    private static async Task<IPlatformProvider> StartExistingAsync(EnvironmentSettings settings, CancellationToken cancellationToken) =>
        await ExistingStandIn.StartAsync(settings, cancellationToken);

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
