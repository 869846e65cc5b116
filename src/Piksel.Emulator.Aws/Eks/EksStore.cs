using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>EKS's durable tables (clusters, access entries), how their rows are keyed, and the lookups operations share.</summary>
internal sealed class EksStore(StateStore store, IamStore iam)
{
    public Table<EksClusterRecord> Clusters { get; } = store.Table<EksClusterRecord>("eks.clusters");

    public Table<EksAccessEntryRecord> Entries { get; } = store.Table<EksAccessEntryRecord>("eks.access-entries");

    /// <summary>IAM's roles and users: a cluster's role and an access entry's principal must exist.</summary>
    public IamStore Iam { get; } = iam;

    public static string ClusterKey(string accountId, string region, string name) => $"{accountId}/{region}/{name}";

    public static string EntryKey(EksClusterRecord cluster, string principalArn) => $"{cluster.AccountId}/{cluster.Region}/{cluster.Name}/{principalArn}";

    public static string ClusterArn(AwsRequestContext context, string name) => $"arn:aws:eks:{context.Region}:{context.AccountId}:cluster/{name}";

    /// <summary>The cluster the caller's account has under <paramref name="name"/> in the request's region.</summary>
    public EksClusterRecord RequireCluster(AwsRequestContext context, string name) =>
        Clusters.Find(ClusterKey(context.AccountId, context.Region, name)) ?? throw EksErrors.ClusterNotFound(name);

    /// <summary>The entry of <paramref name="principalArn"/> on this very cluster (not a predecessor of the same name).</summary>
    public EksAccessEntryRecord? FindEntry(EksClusterRecord cluster, string principalArn) =>
        Entries.Find(EntryKey(cluster, principalArn)) is { } entry && entry.ClusterUid == cluster.Uid ? entry : null;

    /// <summary>The entry of <paramref name="principalArn"/>; ResourceNotFoundException naming <paramref name="clusterName"/> when there is none.</summary>
    public EksAccessEntryRecord RequireEntry(EksClusterRecord cluster, string principalArn, string clusterName) =>
        FindEntry(cluster, principalArn) ?? throw EksErrors.EntryNotFound(clusterName);

    public IEnumerable<EksAccessEntryRecord> EntriesOf(EksClusterRecord cluster) =>
        Entries.Values.Where(e => e.ClusterUid == cluster.Uid);

    /// <summary>The caller's access entry on <paramref name="cluster"/>: by the caller's IAM identity (a session by its role).</summary>
    public EksAccessEntryRecord? FindEntryForCaller(EksClusterRecord cluster, Principal caller)
    {
        if (FindEntry(cluster, EksService.IdentityArn(caller)) is { } exact) return exact;
        if (caller.Kind != PrincipalKind.AssumedRole || caller.RoleName is null) return null;
        // A role's entry may name it with its path; the session knows it by name.
        return EntriesOf(cluster).FirstOrDefault(e => Arn.TryParse(e.PrincipalArn) is { } arn && arn.Account == caller.AccountId
            && arn.Resource.StartsWith("role/", StringComparison.Ordinal) && arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..] == caller.RoleName);
    }

    /// <summary>Removes every access entry of <paramref name="cluster"/> (the cluster is being deleted).</summary>
    public void RemoveEntries(EksClusterRecord cluster)
    {
        foreach (var entry in EntriesOf(cluster).ToList()) Entries.Remove(EntryKey(cluster, entry.PrincipalArn));
    }

    /// <summary>The creator's admin entry (bootstrapClusterCreatorAdminPermissions): AmazonEKSClusterAdminPolicy on the whole cluster.</summary>
    public void AddCreatorEntry(EksClusterRecord cluster, Principal creator)
    {
        var principalArn = cluster.CreatorArn;
        var arn = Arn.TryParse(principalArn)!;
        var kind = arn.Resource.StartsWith("role/", StringComparison.Ordinal) ? "role" : arn.Resource.StartsWith("user/", StringComparison.Ordinal) ? "user" : "root";
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        Entries.Put(EntryKey(cluster, principalArn), new EksAccessEntryRecord
        {
            AccountId = cluster.AccountId,
            Region = cluster.Region,
            ClusterName = cluster.Name,
            ClusterUid = cluster.Uid,
            PrincipalArn = principalArn,
            AccessEntryArn = $"arn:aws:eks:{cluster.Region}:{cluster.AccountId}:access-entry/{cluster.Name}/{kind}/{creator.AccountId}/{name}/{Guid.NewGuid()}",
            Username = EksUsernames.Default(principalArn, "STANDARD"),
            CreatedAt = cluster.CreatedAt,
            ModifiedAt = cluster.CreatedAt,
            Policies =
            [
                new EksAssociatedPolicy { PolicyArn = EksAccessPolicies.ClusterAdmin, ScopeType = "cluster", AssociatedAt = cluster.CreatedAt, ModifiedAt = cluster.CreatedAt },
            ],
        });
    }
}
