using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;
using Piksel.Emulator.Aws.State;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// The <c>embedded</c> provider: an in-process AWS emulator holding the environment's accounts (its own, the hub's,
/// the public datasets'), clusters through the emulator's EKS API, the database through its RDS API, and both handler sets. Disposing it stops the emulator.
/// </summary>
public sealed class EmbeddedProvider : IPlatformProvider, IClockControl, IAsyncDisposable
{
    private static bool prerequisitesFound;
    private readonly ProviderParts parts;
    private readonly ShiftableClock clock;

    private EmbeddedProvider(AwsEmulator emulator, ShiftableClock clock, EnvironmentSettings settings, IReadOnlyList<string> accounts)
    {
        Emulator = emulator;
        this.clock = clock;
        Settings = settings;
        var admin = new EmbeddedClusterAdmin(emulator, settings.Account, settings.Region);
        parts = Assemble(emulator.Endpoint, settings, accounts, admin);
    }

    /// <summary>
    /// The provider's parts over an emulator at <paramref name="endpoint"/>, in this process or another, with the root
    /// keys of <paramref name="accounts"/>; the clusters' admin kubeconfigs come from <paramref name="admin"/> when their
    /// API servers run in this process.
    /// </summary>
    internal static ProviderParts Assemble(Uri endpoint, EnvironmentSettings settings, IReadOnlyList<string> accounts, EmbeddedClusterAdmin? admin) =>
        ProviderParts.Assemble(
            new EmbeddedAwsAccess(endpoint, settings.Region, accounts.ToDictionary(a => a, EmbeddedAwsAccess.RootKeysFor, StringComparer.Ordinal)),
            settings, accounts, admin);

    /// <summary>The accounts the embedded emulator holds for <paramref name="settings"/>: the environment's, the hub's, the public datasets'.</summary>
    internal static string[] AccountsOf(EnvironmentSettings settings) =>
        new[] { settings.Account, settings.HubAccount, settings.PublicDatasetsAccount }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The environment this provider serves.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>The running emulator.</summary>
    public AwsEmulator Emulator { get; }

    /// <summary>The AWS endpoint every service of the environment answers on (the emulator's edge).</summary>
    public Uri Endpoint => Emulator.Endpoint;

    /// <inheritdoc />
    public ProviderKind Kind => ProviderKind.Embedded;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => EmbeddedCapabilities;

    /// <summary>What the embedded provider proves: IAM, web identity, a real database, EKS with Karpenter in its clusters, and its clock and servers in this process.</summary>
    public const ProviderCapabilities EmbeddedCapabilities =
        ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.RealDatabase
        | ProviderCapabilities.EksApi | ProviderCapabilities.MovableClock | ProviderCapabilities.InProcessEmulators
        | ProviderCapabilities.NodeProvisioning;

    /// <inheritdoc />
    public IAwsAccess Aws => parts.Aws;

    /// <inheritdoc />
    public IClusterStrategy Cluster => parts.Cluster;

    /// <inheritdoc />
    public IDatabaseStrategy Database => parts.Database;

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers => parts.Handlers;

    /// <summary>Starts the emulator for <paramref name="settings"/> on a free port, state under <paramref name="dataDirectory"/> when given.</summary>
    public static Task<EmbeddedProvider> StartAsync(EnvironmentSettings settings, string? dataDirectory, CancellationToken cancellationToken) =>
        StartAsync(settings, dataDirectory, 0, cancellationToken: cancellationToken);

    /// <summary>
    /// Starts the emulator for <paramref name="settings"/> (on port 0 unless <paramref name="port"/> is given, e.g.
    /// 4566), keeping its state under <paramref name="dataDirectory"/> when given, with <paramref name="faults"/> injected
    /// (default: none) and its parts logging to <paramref name="loggerFactory"/> (default: nowhere); throws
    /// <see cref="EnvironmentInUseException"/> when another process holds that directory.
    /// </summary>
    public static async Task<EmbeddedProvider> StartAsync(
        EnvironmentSettings settings, string? dataDirectory = null, int port = 0, FaultOptions? faults = null,
        ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsurePrerequisites();
        var accounts = AccountsOf(settings);
        var clock = new ShiftableClock();
        var options = new AwsEmulatorOptions
        {
            TimeProvider = clock,
            Port = port,
            DataDirectory = dataDirectory,
            DefaultRegion = settings.Region,
            Faults = faults ?? FaultOptions.None,
            Rds = new RdsOptions { Servers = DatabaseServers(loggerFactory) },
            Accounts = accounts.Select(a =>
            {
                var keys = EmbeddedAwsAccess.RootKeysFor(a);
                return new AccountOptions(a, keys.AccessKeyId, keys.SecretAccessKey.Reveal());
            }).ToArray(),
        };
        AwsEmulator emulator;
        try
        {
            emulator = await AwsEmulator.StartAsync(options, loggerFactory, cancellationToken);
        }
        catch (DataDirectoryInUseException e)
        {
            throw new EnvironmentInUseException(e.Message, e.OwnerProcessId, e);
        }
        return new EmbeddedProvider(emulator, clock, settings, accounts);
    }

    /// <summary>
    /// Checks what the embedded provider needs from the machine beyond .NET — the PostgreSQL server binaries its RDS runs
    /// — before anything is made; throws <see cref="DatabaseServerUnavailableException"/> saying what to install.
    /// </summary>
    public static void EnsurePrerequisites()
    {
        // Looking costs a process or two (pg_config, postgres --version): once found, found for the process's life.
        if (Volatile.Read(ref prerequisitesFound)) return;
        DatabaseServers()(Path.Combine(Path.GetTempPath(), "piksel-postgres-check")).EnsureAvailable();
        Volatile.Write(ref prerequisitesFound, true);
    }

    /// <summary>The environment variable choosing the servers behind RDS instances: <c>local</c> (default) or <c>container</c>.</summary>
    public const string DatabaseServerVariable = "PIKSEL_DATABASE_SERVER";

    /// <summary>
    /// The servers behind the emulator's RDS instances: the machine's PostgreSQL, or with <c>PIKSEL_DATABASE_SERVER=container</c>
    /// the official <c>postgres</c> image through Testcontainers (where Docker runs).
    /// </summary>
    internal static Func<string, IDatabaseServers> DatabaseServers(ILoggerFactory? loggerFactory = null) =>
        Environment.GetEnvironmentVariable(DatabaseServerVariable) switch
        {
            null or "" or "local" => directory => new LocalPostgresServers(directory, loggerFactory),
            "container" => directory => new Database.ContainerPostgresServers(directory),
            var other => throw new DatabaseServerUnavailableException($"{DatabaseServerVariable}={other} is not a database server kind: use 'local' (the machine's PostgreSQL) or 'container' (Docker)."),
        };

    /// <summary>
    /// Moves the clock of the emulator and its clusters forward until the scope ends (for checks that need time to
    /// pass, such as an expired service-account token).
    /// </summary>
    public IDisposable Shift(TimeSpan by) => clock.Shift(by);

    /// <summary>Disposes the Kubernetes and AWS clients and stops the emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        parts.Dispose();
        await Emulator.DisposeAsync();
    }
}
