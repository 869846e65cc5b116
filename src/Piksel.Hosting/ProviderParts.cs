using Piksel.Hosting.Embedded;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Postgres;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Naming;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting;

/// <summary>
/// What every provider that reaches AWS through its APIs is made of — the embedded emulator, one in another process, or
/// real accounts: clusters through the EKS API, the database through the RDS API, and the AWS, RDS, PostgreSQL and
/// Kubernetes handlers over one shared <see cref="AwsHandlerContext"/>. Disposing it disposes the clients.
/// </summary>
internal sealed class ProviderParts : IDisposable
{
    private ProviderParts(IAwsAccess aws, IClusterStrategy cluster, IDatabaseStrategy database, ClusterStrategyClientSource clients, AwsHandlerContext context, ResourceHandlerRegistry handlers)
    {
        Aws = aws;
        Cluster = cluster;
        Database = database;
        Clients = clients;
        Context = context;
        Handlers = handlers;
    }

    /// <summary>The AWS endpoint and credentials.</summary>
    public IAwsAccess Aws { get; }

    /// <summary>Clusters through the EKS API.</summary>
    public IClusterStrategy Cluster { get; }

    /// <summary>The database through the RDS API.</summary>
    public IDatabaseStrategy Database { get; }

    /// <summary>The Kubernetes clients of the clusters.</summary>
    public ClusterStrategyClientSource Clients { get; }

    /// <summary>The AWS clients the handlers share.</summary>
    public AwsHandlerContext Context { get; }

    /// <summary>Every handler.</summary>
    public ResourceHandlerRegistry Handlers { get; }

    /// <summary>
    /// The parts over <paramref name="aws"/> for <paramref name="settings"/>, scanning <paramref name="accounts"/> for
    /// managed resources; the clusters' admin kubeconfigs come from <paramref name="admin"/> when their API servers run
    /// in this process (else an <c>aws eks get-token</c> entry); slow states are awaited as <paramref name="waits"/> says.
    /// </summary>
    public static ProviderParts Assemble(IAwsAccess aws, EnvironmentSettings settings, IReadOnlyList<string> accounts, EmbeddedClusterAdmin? admin, AwsWaits? waits = null)
    {
        var context = new AwsHandlerContext(aws, accounts);
        var cluster = new EksApiClusterStrategy(context, settings.Account, admin);
        var clients = new ClusterStrategyClientSource(cluster);
        var database = new RdsApiDatabaseStrategy(context, settings.Account);
        var handlers = new ResourceHandlerRegistry()
            .AddAwsHandlers(context, waits)
            .AddRdsHandlers(context, database, waits)
            .AddPostgresHandlers(context, database)
            .AddKubernetesHandlers(new KubernetesHandlerContext(clients, environment => new PikselNames(environment).Cluster));
        return new ProviderParts(aws, cluster, database, clients, context, handlers);
    }

    /// <summary>Disposes the Kubernetes and AWS clients.</summary>
    public void Dispose()
    {
        Clients.Dispose();
        Context.Dispose();
    }
}
