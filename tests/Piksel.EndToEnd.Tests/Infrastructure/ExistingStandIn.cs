using System.Net;
using System.Security.Cryptography.X509Certificates;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;
using Piksel.Emulator.Kubernetes;
using Piksel.Hosting.Existing;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// "What you already have", in this process, for the <c>existing</c> provider: an AWS emulator holding the environment's
/// accounts (its STS trusting the cluster's CA and reaching its EKS-form issuer host locally, so web identities verify)
/// and a stand-alone Kubernetes API server, as <c>emulator aws</c> and <c>emulator kubernetes</c> start them, running the
/// External Secrets operator as a shared dev cluster would; its kubeconfig is written to a private temporary file. The
/// provider is the real <see cref="ExistingProvider"/> over them; disposing stops everything.
/// </summary>
public sealed class ExistingStandIn : IPlatformProvider, IAsyncDisposable
{
    /// <summary>What the stand-in's endpoint and cluster prove, declared as a user would with <c>--capabilities</c>.</summary>
    public const ProviderCapabilities Declared =
        ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.RealDatabase;

    private readonly string directory;

    private ExistingStandIn(AwsEmulator aws, KubeApiServer cluster, string directory, string kubeconfig, ExistingProvider provider)
    {
        Emulator = aws;
        Server = cluster;
        this.directory = directory;
        KubeconfigPath = kubeconfig;
        Inner = provider;
    }

    /// <summary>The AWS emulator standing in for the user's endpoint.</summary>
    public AwsEmulator Emulator { get; }

    /// <summary>The API server standing in for the user's cluster.</summary>
    public KubeApiServer Server { get; }

    /// <summary>The cluster's kubeconfig (its context is named after the cluster).</summary>
    public string KubeconfigPath { get; }

    /// <summary>The kubeconfig context.</summary>
    public string Context => Server.State.Options.ClusterName;

    /// <summary>The provider over them.</summary>
    public ExistingProvider Inner { get; }

    /// <inheritdoc />
    public ProviderKind Kind => Inner.Kind;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => Inner.Capabilities;

    /// <inheritdoc />
    public IAwsAccess Aws => Inner.Aws;

    /// <inheritdoc />
    public IClusterStrategy Cluster => Inner.Cluster;

    /// <inheritdoc />
    public IDatabaseStrategy Database => Inner.Database;

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers => Inner.Handlers;

    /// <summary>The keys the stand-in's accounts are given: LocalStack's test/test for 000000000000, root keys of their own for the others.</summary>
    public static AwsCredentials KeysOf(string account) =>
        account == "000000000000" ? new AwsCredentials("test", new SensitiveString("test")) : new AwsCredentials($"root-{account}", new SensitiveString($"root-{account}-secret"));

    /// <summary>The accounts of <paramref name="settings"/>: its own, its hub, its public datasets.</summary>
    public static string[] AccountsOf(EnvironmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new[] { settings.Account, settings.HubAccount, settings.PublicDatasetsAccount }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Starts the endpoint and the cluster for <paramref name="settings"/> and connects the existing provider to them.</summary>
    public static async Task<ExistingStandIn> StartAsync(EnvironmentSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var directory = Directory.CreateTempSubdirectory("piksel-existing-").FullName;
        var accounts = AccountsOf(settings);
        var issuerHost = $"oidc.eks.{settings.Region}.amazonaws.com";
        // Filled once the cluster is up: the emulator reaches the issuer host at the API server and trusts its CA.
        var authorities = new X509Certificate2Collection();
        var resolve = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        var aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            DefaultRegion = settings.Region,
            Accounts = [.. accounts.Select(a => new AccountOptions(a, KeysOf(a).AccessKeyId, KeysOf(a).SecretAccessKey.Reveal()))],
            Rds = new RdsOptions { Servers = root => new LocalPostgresServers(root) },
            TrustedCertificateAuthorities = authorities,
            OidcHttpHandlerFactory = OidcHttpHandlers.Create(authorities, resolve),
        }, cancellationToken: cancellationToken);
        KubeApiServer? cluster = null;
        try
        {
            // As `emulator kubernetes` makes it: Karpenter's and Flux's CRDs installed, as their charts would.
            var builder = KubeApiServer.CreateBuilder(new KubeApiServerOptions { Region = settings.Region, ClusterName = "existing", ExtraServingNames = [issuerHost] })
                .AddCustomResourceDefinitions(PlatformCrds.Manifests);
            cluster = await ExternalSecretsOperator.AddTo(builder, aws.Endpoint).StartAsync(cancellationToken: cancellationToken);
            authorities.Add(cluster.State.Certificates.Authority);
            resolve[new Uri(cluster.Issuer).Host] = new IPEndPoint(IPAddress.Loopback, cluster.Endpoint.Port);
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            cluster.WriteKubeconfig(kubeconfig);
            var provider = await ExistingProvider.ConnectAsync(settings, new ExistingProviderOptions
            {
                AwsEndpoint = aws.Endpoint,
                Credentials = accounts.ToDictionary(a => a, KeysOf, StringComparer.Ordinal),
                KubeconfigPath = kubeconfig,
                Context = "existing",
                StateDirectory = Path.Combine(directory, "state"),
                Capabilities = Declared,
            }, cancellationToken);
            return new ExistingStandIn(aws, cluster, directory, kubeconfig, provider);
        }
        catch
        {
            if (cluster is not null) await cluster.DisposeAsync();
            await aws.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the provider, the cluster and the endpoint, and removes the temporary files.</summary>
    public async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        await Server.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory.
        }
    }
}
