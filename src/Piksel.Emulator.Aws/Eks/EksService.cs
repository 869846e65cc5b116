using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Amazon EKS (restJson1, 2017-11-01): clusters, each backed by an embedded Kubernetes API server with its own CA and
/// EKS-form OIDC issuer, and the access entries that map IAM principals to Kubernetes identities. The clusters'
/// API servers accept <c>k8s-aws-v1.</c> tokens (aws eks get-token) verified against this emulator's STS. An
/// operation is found by method and path template (<see cref="EksRoutes"/>) and authorized with EKS's action on the
/// cluster's or the access entry's ARN.
/// </summary>
public sealed class EksService : IAwsService, IHostedAwsService
{
    /// <summary>The version a cluster gets when CreateCluster names none.</summary>
    public const string DefaultVersion = "1.33";

    private readonly EksClusterHost host;

    /// <summary>The service over <paramref name="state"/>; clusters kept in durable state start again at <see cref="StartAsync"/>.</summary>
    public EksService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = new EksStore(state.Store, state.Iam);
        host = new EksClusterHost(state, store.Clusters, store.FindEntryForCaller, store.RemoveEntries);
        Operations = new OperationTable()
            .AddGroup(new ClusterOperations(store, host))
            .AddGroup(new AccessEntryOperations(store))
            .AddGroup(new AccessPolicyOperations(store))
            .AddGroup(new EksTagOperations(store))
            .Freeze();
    }

    /// <summary>Versions CreateCluster accepts (standard and extended support).</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } = ["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34"];

    /// <inheritdoc />
    public string SigningName => "eks";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.RestJson;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        var method = context.Http.Request.Method;
        return EksRoutes.Match(method, EksParameters.Segments(context)) is { } route && Operations.Find(route.Operation) is { } operation
            ? operation
            : throw EksErrors.UnknownOperation(method, context.Http.Request.Path.Value ?? "/");
    }

    /// <summary>The API server of a running cluster (for in-process callers such as the AppHost), null when it is not running.</summary>
    public Kubernetes.KubeApiServer? FindServer(string accountId, string region, string name) => host.Find(EksStore.ClusterKey(accountId, region, name));

    /// <inheritdoc />
    public Task StartAsync(Uri endpoint, CancellationToken cancellationToken) => host.StartAsync(endpoint, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>The IAM identity behind a caller, as EKS records a cluster's creator: a role session is its role.</summary>
    internal static string IdentityArn(Principal caller) => caller.Kind == PrincipalKind.AssumedRole && caller.RoleArn is { } role ? role : caller.Arn;
}
