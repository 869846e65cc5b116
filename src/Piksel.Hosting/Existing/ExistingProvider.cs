using Piksel.Hosting.Clusters;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting.Existing;

/// <summary>
/// The <c>existing</c> provider: what the user already runs — an AWS-compatible endpoint (a LocalStack, an emulator)
/// holding the environment's accounts, and a cluster named by a kubeconfig context (kind, k3d, a shared dev cluster) —
/// and nothing else: it starts no emulator and no container. AWS resources go through the endpoint's APIs, the database
/// through its RDS API, and the EKS kinds are recorded by the harness (<see cref="RecordedClusterHandlers"/>) over the
/// context's cluster. It claims only the capabilities it is given (<see cref="ExistingProviderOptions.Capabilities"/>).
/// </summary>
public sealed class ExistingProvider : IPlatformProvider, IAsyncDisposable
{
    private readonly KubeconfigClusterSource source;
    private readonly ClusterStrategyClientSource clients;
    private readonly AwsHandlerContext awsContext;

    private ExistingProvider(EnvironmentSettings settings, ExistingProviderOptions options, KubeconfigClusterSource source)
    {
        this.source = source;
        Capabilities = options.Capabilities & ~ExistingProviderOptions.NeverClaimed;
        var accounts = new[] { settings.Account, settings.HubAccount, settings.PublicDatasetsAccount }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        Aws = new ExistingAwsAccess(options.AwsEndpoint, settings.Region, accounts, options);
        awsContext = new AwsHandlerContext(Aws, accounts);
        var records = new ClusterRecordStore(options.StateDirectory);
        Cluster = new RecordedClusterStrategy(source, records);
        clients = new ClusterStrategyClientSource(Cluster);
        var database = new RdsApiDatabaseStrategy(awsContext, settings.Account);
        Database = database;
        Handlers = new ResourceHandlerRegistry()
            .AddAwsHandlersButEks(awsContext)
            .AddRecordedEksHandlers(awsContext, source, records)
            .AddRdsHandlers(awsContext, database)
            .AddPostgresHandlers(awsContext, database)
            .AddKubernetesHandlers(new KubernetesHandlerContext(clients, environment => new PikselNames(environment).Cluster));
    }

    /// <summary>
    /// The provider for <paramref name="settings"/> over what <paramref name="options"/> names, once both answer: the
    /// endpoint's STS names the environment's account for its credentials, and the context's API server lets the
    /// harness in. Throws <see cref="AwsEndpointException"/> or <see cref="ClusterSourceException"/> saying what is wrong;
    /// nothing has been changed then.
    /// </summary>
    public static async Task<ExistingProvider> ConnectAsync(EnvironmentSettings settings, ExistingProviderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var source = KubeconfigClusterSource.Open(options.KubeconfigPath, options.Context);
        var provider = new ExistingProvider(settings, options, source);
        try
        {
            await provider.Aws.GetCredentialsAsync(settings.Account, cancellationToken);
            await source.ConnectAsync(cancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public ProviderKind Kind => ProviderKind.Existing;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IAwsAccess Aws { get; }

    /// <inheritdoc />
    public IClusterStrategy Cluster { get; }

    /// <inheritdoc />
    public IDatabaseStrategy Database { get; }

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers { get; }

    /// <summary>The kubeconfig context the cluster is reached through.</summary>
    public KubeconfigClusterSource Source => source;

    /// <summary>Disposes the Kubernetes and AWS clients; what the user runs keeps running.</summary>
    public ValueTask DisposeAsync()
    {
        clients.Dispose();
        awsContext.Dispose();
        source.Dispose();
        return ValueTask.CompletedTask;
    }
}
