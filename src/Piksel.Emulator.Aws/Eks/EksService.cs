using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Amazon EKS (restJson1, 2017-11-01): clusters, each backed by an embedded Kubernetes API server with its own CA and
/// EKS-form OIDC issuer, placed in EC2 subnets with a cluster security group; access entries that map IAM principals
/// to Kubernetes identities; add-ons, Fargate profiles and Pod Identity associations, which the cluster's system layer
/// reads through <see cref="SystemSpecOf"/> and answers through <see cref="AddonReport(string, string, bool, string?)"/>.
/// The clusters' API servers accept <c>k8s-aws-v1.</c> tokens (aws eks get-token) verified against this emulator's
/// STS. An operation is found by method and path template (<see cref="EksRoutes"/>) and authorized with EKS's action
/// on the resource's ARN.
/// </summary>
public sealed class EksService : IAwsService, IHostedAwsService
{
    /// <summary>The version a cluster gets when CreateCluster names none.</summary>
    public const string DefaultVersion = "1.33";

    private readonly EksClusterHost host;
    private readonly EksStore store;
    private readonly EksNetwork network;
    private readonly AddonLifecycle addons;

    /// <summary>
    /// The service over <paramref name="state"/>, placing clusters and Fargate profiles in <paramref name="subnets"/> and
    /// giving each cluster a group from <paramref name="securityGroups"/>; clusters kept in durable state start again at <see cref="StartAsync"/>.
    /// </summary>
    public EksService(EmulatorState state, ISubnetLookup subnets, IClusterSecurityGroups securityGroups)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(subnets);
        ArgumentNullException.ThrowIfNull(securityGroups);
        var options = state.Options.Eks;
        store = new EksStore(state.Store, state.Iam, state.Time);
        network = new EksNetwork(subnets, securityGroups);
        addons = new AddonLifecycle(store, options);
        // The cluster's system layer reads what this API holds for it and reports each add-on's outcome back.
        host = new EksClusterHost(state, store.Clusters, store.FindEntryForCaller, Forget,
            key => store.Clusters.Find(key) is null ? null : SystemSpecOf(key), AddonReport);
        Operations = new OperationTable()
            .AddGroup(new ClusterOperations(store, host, network))
            .AddGroup(new AccessEntryOperations(store))
            .AddGroup(new AccessPolicyOperations(store))
            .AddGroup(new AddonOperations(store, addons))
            .AddGroup(new UpdateOperations(store))
            .AddGroup(new FargateProfileOperations(store, network, options))
            .AddGroup(new PodIdentityOperations(store))
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

    /// <summary>The cluster <paramref name="name"/> of the account in the region (for EKS Auth), null when there is none.</summary>
    internal EksClusterRecord? FindCluster(string accountId, string region, string name) => store.Clusters.Find(EksStore.ClusterKey(accountId, region, name));

    /// <summary>The cluster whose OIDC issuer is <paramref name="issuer"/> (for the Pod Identity Agent), null when there is none.</summary>
    internal EksClusterRecord? FindClusterByIssuer(string issuer) =>
        store.Clusters.Values.FirstOrDefault(c => string.Equals(c.Issuer, issuer, StringComparison.Ordinal));

    /// <summary>The Pod Identity association of a service account on <paramref name="cluster"/> (for EKS Auth).</summary>
    internal EksPodIdentityAssociationRecord? FindAssociation(EksClusterRecord cluster, string ns, string serviceAccount) =>
        store.AssociationsOf(cluster).FirstOrDefault(a => a.Namespace == ns && a.ServiceAccount == serviceAccount);

    /// <summary>The key of a cluster for <see cref="SystemSpecOf"/> and <see cref="AddonReport(string, string, bool, string?)"/>.</summary>
    public static string ClusterKey(string accountId, string region, string name) => EksStore.ClusterKey(accountId, region, name);

    /// <summary>
    /// What the cluster at <paramref name="clusterKey"/> should hold beside its workloads, as the EKS API has it now: every
    /// add-on (a DELETING one marked so), the ACTIVE Fargate profiles with their subnets, the Pod Identity associations.
    /// </summary>
    public ClusterSystemSpec SystemSpecOf(string clusterKey)
    {
        var cluster = store.Clusters.Find(clusterKey) ?? throw new KeyNotFoundException($"No EKS cluster {clusterKey}.");
        return new ClusterSystemSpec(
            cluster.Name,
            cluster.Arn,
            cluster.AccountId,
            cluster.Region,
            cluster.Version,
            EksClusterJson.ServiceIpv4Cidr(cluster),
            [.. store.AddonsOf(cluster).OrderBy(a => a.AddonName, StringComparer.Ordinal).Select(a => new AddonSpec(
                a.AddonName, a.AddonVersion, a.ServiceAccountRoleArn, a.ConfigurationValues, a.ResolveConflicts,
                a.Status == EksAddonStatus.Deleting, a.Preserve, a.Installed))],
            [.. store.ProfilesOf(cluster).Where(p => p.Status == "ACTIVE").Select(p => new FargateProfileSpec(
                p.FargateProfileName, p.PodExecutionRoleArn,
                [.. p.Subnets.Select(id => network.Find(cluster.AccountId, cluster.Region, id)).OfType<SubnetView>()],
                [.. p.Selectors.Select(s => new FargateSelectorSpec(s.Namespace, s.Labels))]))],
            [.. store.AssociationsOf(cluster).OrderBy(a => a.CreatedAt).Select(a => new PodIdentityAssociationSpec(
                a.AssociationId, a.AssociationArn, a.Namespace, a.ServiceAccount, a.RoleArn))]);
    }

    /// <summary>
    /// The cluster's word on an add-on: installed (CREATING/UPDATING turn ACTIVE; with <paramref name="issue"/>, DEGRADED),
    /// or not (with an issue, CREATE_FAILED/UPDATE_FAILED; a DELETING add-on no longer installed is gone).
    /// </summary>
    public void AddonReport(string clusterKey, string addonName, bool installed, string? issue) =>
        AddonReport(clusterKey, new SystemLayer.AddonReport(addonName, installed, null, issue));

    /// <summary>The cluster's word on an add-on, with the health issue's code (InsufficientNumberOfReplicas, ConfigurationConflict…).</summary>
    public void AddonReport(string clusterKey, SystemLayer.AddonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (store.Clusters.Find(clusterKey) is { } cluster)
            addons.Report(cluster, report.AddonName, report.Installed, report.IssueCode, report.IssueMessage);
    }

    /// <inheritdoc />
    public Task StartAsync(Uri endpoint, CancellationToken cancellationToken) => host.StartAsync(endpoint, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>The IAM identity behind a caller, as EKS records a cluster's creator: a role session is its role.</summary>
    internal static string IdentityArn(Principal caller) => caller.Kind == PrincipalKind.AssumedRole && caller.RoleArn is { } role ? role : caller.Arn;

    /// <summary>A deleted cluster's parts go with it, and so does the security group EKS made for it.</summary>
    private void Forget(EksClusterRecord cluster)
    {
        store.ForgetCluster(cluster);
        if (EksClusterJson.ClusterSecurityGroupId(cluster) is { } group) network.DeleteClusterSecurityGroup(cluster.AccountId, cluster.Region, group);
    }
}
