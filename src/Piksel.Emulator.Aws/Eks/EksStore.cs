using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>EKS's durable tables (clusters, access entries), how their rows are keyed, and the lookups operations share.</summary>
internal sealed class EksStore(StateStore store, IamStore iam, TimeProvider time)
{
    public Table<EksClusterRecord> Clusters { get; } = store.Table<EksClusterRecord>("eks.clusters");

    public Table<EksAccessEntryRecord> Entries { get; } = store.Table<EksAccessEntryRecord>("eks.access-entries");

    public Table<EksAddonRecord> Addons { get; } = store.Table<EksAddonRecord>("eks.addons");

    public Table<EksUpdateRecord> Updates { get; } = store.Table<EksUpdateRecord>("eks.updates");

    public Table<EksFargateProfileRecord> FargateProfiles { get; } = store.Table<EksFargateProfileRecord>("eks.fargate-profiles");

    public Table<EksPodIdentityAssociationRecord> Associations { get; } = store.Table<EksPodIdentityAssociationRecord>("eks.pod-identity-associations");

    /// <summary>Held while a service account's association is checked free and written (by CreatePodIdentityAssociation or CreateAddon).</summary>
    public Lock AssociationGate { get; } = new();

    /// <summary>The emulator's clock: Fargate profiles settle by it.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>IAM's roles and users: a cluster's role and an access entry's principal must exist.</summary>
    public IamStore Iam { get; } = iam;

    public static string ClusterKey(string accountId, string region, string name) => $"{accountId}/{region}/{name}";

    public static string EntryKey(EksClusterRecord cluster, string principalArn) => $"{cluster.AccountId}/{cluster.Region}/{cluster.Name}/{principalArn}";

    /// <summary>Rows of a cluster's parts (add-ons, profiles, associations, updates) are keyed by the cluster's uid, so a re-created cluster starts empty.</summary>
    public static string PartKey(EksClusterRecord cluster, string name) => $"{cluster.Uid}/{name}";

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

    /// <summary>Removes every access entry, add-on, update, Fargate profile and association of <paramref name="cluster"/> (the cluster is being deleted).</summary>
    public void ForgetCluster(EksClusterRecord cluster)
    {
        foreach (var entry in EntriesOf(cluster).ToList()) Entries.Remove(EntryKey(cluster, entry.PrincipalArn));
        RemoveParts(Addons, cluster);
        RemoveParts(Updates, cluster);
        RemoveParts(FargateProfiles, cluster);
        RemoveParts(Associations, cluster);
    }

    /// <summary>The add-ons of <paramref name="cluster"/>, by name.</summary>
    public IEnumerable<EksAddonRecord> AddonsOf(EksClusterRecord cluster) => Addons.Values.Where(a => a.ClusterUid == cluster.Uid);

    /// <summary>The associations of <paramref name="cluster"/>.</summary>
    public IEnumerable<EksPodIdentityAssociationRecord> AssociationsOf(EksClusterRecord cluster) => Associations.Values.Where(a => a.ClusterUid == cluster.Uid);

    /// <summary>
    /// The Fargate profiles of <paramref name="cluster"/> as they stand now: a CREATING profile whose time has come is
    /// ACTIVE, a DELETING one is gone (EKS takes a while either way; the clock decides, so a test's clock can hold it).
    /// </summary>
    public List<EksFargateProfileRecord> ProfilesOf(EksClusterRecord cluster)
    {
        var now = Time.GetUtcNow();
        foreach (var profile in FargateProfiles.Values.Where(p => p.ClusterUid == cluster.Uid && p.SettlesAt <= now).ToList())
        {
            FargateProfiles.Update(PartKey(cluster, profile.FargateProfileName), p => p switch
            {
                null => null,
                { Status: "CREATING" } when p.SettlesAt <= now => p with { Status = "ACTIVE" },
                { Status: "DELETING" } when p.SettlesAt <= now => null,
                _ => p,
            });
        }
        return [.. FargateProfiles.Values.Where(p => p.ClusterUid == cluster.Uid).OrderBy(p => p.FargateProfileName, StringComparer.Ordinal)];
    }

    private static void RemoveParts<T>(Table<T> table, EksClusterRecord cluster) where T : class
    {
        var prefix = cluster.Uid + "/";
        foreach (var key in table.Items.Select(i => i.Key).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) table.Remove(key);
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
