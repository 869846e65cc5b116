using Piksel.Emulator.Aws;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// The <c>embedded</c> provider: an in-process AWS emulator holding the environment's accounts (its own, the hub's,
/// the public datasets'), clusters through the emulator's EKS API, and both handler sets. Disposing it stops the emulator.
/// </summary>
public sealed class EmbeddedProvider : IPlatformProvider, IClockControl, IAsyncDisposable
{
    private readonly ClusterStrategyClientSource _clients;
    private readonly AwsHandlerContext _awsContext;
    private readonly ShiftableClock _clock;

    private EmbeddedProvider(AwsEmulator emulator, ShiftableClock clock, EnvironmentSettings settings, IReadOnlyList<string> accounts)
    {
        Emulator = emulator;
        _clock = clock;
        Settings = settings;
        (Aws, Cluster, _clients, _awsContext, Handlers) = Assemble(emulator.Endpoint, settings, accounts);
    }

    /// <summary>The provider's parts over an emulator at <paramref name="endpoint"/>, in this process or another.</summary>
    internal static (IAwsAccess Aws, IClusterStrategy Cluster, ClusterStrategyClientSource Clients, AwsHandlerContext AwsContext, ResourceHandlerRegistry Handlers) Assemble(
        Uri endpoint, EnvironmentSettings settings, IReadOnlyList<string> accounts)
    {
        var aws = new EmbeddedAwsAccess(endpoint, settings.Region, accounts.ToDictionary(a => a, EmbeddedAwsAccess.RootKeysFor, StringComparer.Ordinal));
        var awsContext = new AwsHandlerContext(aws, accounts);
        var cluster = new EksApiClusterStrategy(awsContext, settings.Account);
        var clients = new ClusterStrategyClientSource(cluster);
        var handlers = new ResourceHandlerRegistry()
            .AddAwsHandlers(awsContext)
            .AddKubernetesHandlers(new KubernetesHandlerContext(clients, environment => new PikselNames(environment).Cluster));
        return (aws, cluster, clients, awsContext, handlers);
    }

    /// <summary>The accounts the embedded emulator holds for <paramref name="settings"/>: the environment's, the hub's, the public datasets'.</summary>
    internal static string[] AccountsOf(EnvironmentSettings settings) =>
        new[] { settings.Account, settings.HubAccount, settings.PublicDatasetsAccount }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The environment this provider serves.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>The running emulator.</summary>
    public AwsEmulator Emulator { get; }

    /// <inheritdoc />
    public ProviderKind Kind => ProviderKind.Embedded;

    /// <inheritdoc />
    public IAwsAccess Aws { get; }

    /// <inheritdoc />
    public IClusterStrategy Cluster { get; }

    /// <inheritdoc />
    public IDatabaseStrategy Database { get; } = new NoDatabaseStrategy();

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers { get; }

    /// <summary>Starts the emulator for <paramref name="settings"/> on a free port, state under <paramref name="dataDirectory"/> when given.</summary>
    public static Task<EmbeddedProvider> StartAsync(EnvironmentSettings settings, string? dataDirectory, CancellationToken cancellationToken) =>
        StartAsync(settings, dataDirectory, 0, cancellationToken);

    /// <summary>
    /// Starts the emulator for <paramref name="settings"/> (on port 0 unless <paramref name="port"/> is given, e.g.
    /// 4566), keeping its state under <paramref name="dataDirectory"/> when given.
    /// </summary>
    public static async Task<EmbeddedProvider> StartAsync(
        EnvironmentSettings settings, string? dataDirectory = null, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var accounts = AccountsOf(settings);
        var clock = new ShiftableClock();
        var emulator = await AwsEmulator.StartAsync(
            new AwsEmulatorOptions
            {
                TimeProvider = clock,
                Port = port,
                DataDirectory = dataDirectory,
                DefaultRegion = settings.Region,
                Accounts = accounts.Select(a =>
                {
                    var keys = EmbeddedAwsAccess.RootKeysFor(a);
                    return new AccountOptions(a, keys.AccessKeyId, keys.SecretAccessKey.Reveal());
                }).ToArray(),
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new EmbeddedProvider(emulator, clock, settings, accounts);
    }

    /// <summary>
    /// Moves the clock of the emulator and its clusters forward until the scope ends (for checks that need time to
    /// pass, such as an expired service-account token).
    /// </summary>
    public IDisposable Shift(TimeSpan by) => _clock.Shift(by);

    /// <summary>Disposes the Kubernetes and AWS clients and stops the emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        _awsContext.Dispose();
        await Emulator.DisposeAsync().ConfigureAwait(false);
    }
}
