using Piksel.Hosting.Clusters;
using Piksel.Hosting.Database;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Testcontainers.LocalStack;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// The <c>localstack</c> provider: LocalStack (Testcontainers.LocalStack) for AWS, its accounts selected by twelve-digit
/// access key ids; a k3s cluster (Testcontainers.K3s) with an OIDC issuer, on which the harness records what EKS would
/// (<see cref="RecordedClusterHandlers"/>); and PostgreSQL containers (Testcontainers.PostgreSql) behind recorded RDS
/// instances, since LocalStack's community edition has no RDS. IRSA goes as far as LocalStack goes: the IAM OIDC provider
/// and roles are made, but LocalStack neither enforces IAM nor verifies web-identity tokens (unless its own
/// <c>ENFORCE_IAM</c>), and <see cref="Capabilities"/> says so. Disposing it stops the containers.
/// </summary>
public sealed class LocalStackProvider : IPlatformProvider, IAsyncDisposable
{
    /// <summary>
    /// The LocalStack image, pinned. Testcontainers.LocalStack 4.17 refuses 4.15 and later without
    /// <c>LOCALSTACK_AUTH_TOKEN</c> (LocalStack's single image needs an account from then on), so the community 4.14 runs anywhere.
    /// </summary>
    public const string LocalStackImage = "localstack/localstack:4.14.0";

    /// <summary>The environment variable whose value, when set, is passed to LocalStack as its auth token.</summary>
    public const string AuthTokenVariable = "LOCALSTACK_AUTH_TOKEN";

    /// <summary>What the <c>localstack</c> provider proves: a real PostgreSQL, and k3s's Pod Security admission and NetworkPolicy controller.</summary>
    public const ProviderCapabilities LocalStackCapabilities =
        ProviderCapabilities.RealDatabase | ProviderCapabilities.PodSecurity | ProviderCapabilities.NetworkPolicyEnforcement;

    private readonly LocalStackContainer localStack;
    private readonly K3sCluster cluster;
    private readonly ContainerPostgresServers servers;
    private readonly ContainerRdsRecords rdsRecords;
    private readonly ClusterStrategyClientSource clients;
    private readonly AwsHandlerContext awsContext;

    private LocalStackProvider(EnvironmentSettings settings, string stateDirectory, LocalStackContainer localStack, K3sCluster cluster, ContainerPostgresServers servers)
    {
        this.localStack = localStack;
        this.cluster = cluster;
        this.servers = servers;
        Settings = settings;
        var accounts = EmbeddedProvider.AccountsOf(settings);
        Endpoint = new Uri(localStack.GetConnectionString());
        Aws = new LocalStackAwsAccess(Endpoint, settings.Region, accounts);
        awsContext = new AwsHandlerContext(Aws, accounts);
        var clusterRecords = new ClusterRecordStore(stateDirectory);
        Cluster = new RecordedClusterStrategy(cluster.Source, clusterRecords);
        clients = new ClusterStrategyClientSource(Cluster);
        rdsRecords = new ContainerRdsRecords(stateDirectory);
        Database = new ContainerDatabaseStrategy(rdsRecords, servers, settings.Account);
        Handlers = new ResourceHandlerRegistry()
            .AddAwsHandlersButEks(awsContext)
            .AddRecordedEksHandlers(awsContext, cluster.Source, clusterRecords)
            .AddContainerRdsHandlers(rdsRecords, servers, awsContext, settings.Region, DefaultEngineMajor(settings))
            .AddPostgresHandlers(awsContext, Database)
            .AddKubernetesHandlers(new KubernetesHandlerContext(clients, environment => new PikselNames(environment).Cluster));
    }

    /// <summary>The environment this provider serves.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>LocalStack's endpoint, as this machine reaches it.</summary>
    public Uri Endpoint { get; }

    /// <summary>The k3s cluster.</summary>
    public K3sClusterSource ClusterSource => cluster.Source;

    /// <inheritdoc />
    public ProviderKind Kind => ProviderKind.LocalStack;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => LocalStackCapabilities;

    /// <inheritdoc />
    public IAwsAccess Aws { get; }

    /// <inheritdoc />
    public IClusterStrategy Cluster { get; }

    /// <inheritdoc />
    public IDatabaseStrategy Database { get; }

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers { get; }

    /// <summary>
    /// Checks, before anything is made, that a Docker daemon answers (<c>DOCKER_HOST</c>, else <c>/var/run/docker.sock</c>);
    /// throws <see cref="DockerRequiredException"/> with one line saying Docker is needed and that <c>embedded</c> needs nothing.
    /// </summary>
    public static void EnsurePrerequisites() => EnsurePrerequisites(DockerDaemon.DefaultEndpoint);

    /// <summary>As <see cref="EnsurePrerequisites()"/>, for the daemon at <paramref name="dockerEndpoint"/>.</summary>
    public static void EnsurePrerequisites(Uri dockerEndpoint)
    {
        ArgumentNullException.ThrowIfNull(dockerEndpoint);
        if (!DockerDaemon.Answers(dockerEndpoint))
        {
            throw new DockerRequiredException(
                $"--provider localstack needs Docker, and no Docker daemon answers at {dockerEndpoint} (start Docker or set DOCKER_HOST); " +
                "--provider embedded needs nothing but .NET.");
        }
    }

    /// <summary>
    /// Starts LocalStack, k3s and the database servers for <paramref name="settings"/>, keeping the harness's records
    /// (clusters, RDS) and the servers' data under <paramref name="stateDirectory"/>. Fails at once, making nothing, when
    /// Docker is not running (<see cref="EnsurePrerequisites()"/>); a container that fails to start stops the others.
    /// </summary>
    public static Task<LocalStackProvider> StartAsync(EnvironmentSettings settings, string stateDirectory, CancellationToken cancellationToken) =>
        StartAsync(settings, stateDirectory, DockerDaemon.DefaultEndpoint, cancellationToken);

    /// <summary>As <see cref="StartAsync(EnvironmentSettings, string, CancellationToken)"/>, through the daemon at <paramref name="docker"/>.</summary>
    internal static async Task<LocalStackProvider> StartAsync(EnvironmentSettings settings, string stateDirectory, Uri docker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        EnsurePrerequisites(docker);
        PrivateFiles.CreateDirectory(stateDirectory);
        var servers = new ContainerPostgresServers(Path.Combine(stateDirectory, "rds-servers"), ["15", "16", "17"], docker);
        var localStack = BuildLocalStack(docker, Environment.GetEnvironmentVariable(AuthTokenVariable));
        var startingLocalStack = localStack.StartAsync(cancellationToken);
        var startingCluster = K3sCluster.StartAsync(settings.Region, docker, cancellationToken);
        try
        {
            await Task.WhenAll(startingLocalStack, startingCluster);
        }
        catch
        {
            await localStack.DisposeAsync();
            if (startingCluster.IsCompletedSuccessfully) await startingCluster.Result.DisposeAsync();
            await servers.DisposeAsync();
            throw;
        }

        return new LocalStackProvider(settings, stateDirectory, localStack, startingCluster.Result, servers);
    }

    /// <summary>The LocalStack container: the pinned image, with the auth token when the environment has one.</summary>
    internal static LocalStackContainer BuildLocalStack(Uri dockerEndpoint, string? authToken)
    {
        var builder = new LocalStackBuilder(LocalStackImage)
            .WithDockerEndpoint(dockerEndpoint)
            .WithLabel("piksel.provider", "localstack");
        if (!string.IsNullOrEmpty(authToken))
        {
            builder = builder.WithEnvironment(AuthTokenVariable, authToken);
        }

        return builder.Build();
    }

    /// <summary>The PostgreSQL major an instance without an engine version runs: the environment's, else 16 (RDS's default here).</summary>
    internal static string DefaultEngineMajor(EnvironmentSettings settings) =>
        settings.DatabaseEngineVersion?.Split('.')[0] is { Length: > 0 } major ? major : "16";

    /// <summary>Disposes the clients and stops the containers (LocalStack, k3s, the database servers).</summary>
    public async ValueTask DisposeAsync()
    {
        clients.Dispose();
        awsContext.Dispose();
        rdsRecords.Dispose();
        await Task.WhenAll(localStack.DisposeAsync().AsTask(), cluster.DisposeAsync().AsTask(), servers.DisposeAsync().AsTask());
    }
}
