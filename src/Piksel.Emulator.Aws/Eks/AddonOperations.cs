using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Add-ons: create (CREATING until the cluster reports the add-on's objects applied), describe, list, update (an
/// AddonUpdate record, UPDATING until reported), delete (DELETING, optionally preserving the objects) and the
/// catalogue of versions. Nothing is stored when a request is refused.
/// </summary>
internal sealed class AddonOperations(EksStore store, AddonLifecycle lifecycle) : IOperationGroup
{
    private static readonly string[] ConflictModes = ["NONE", "OVERWRITE", "PRESERVE"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateAddon", "eks:CreateAddon", CreateAddon)
        .Add("DescribeAddon", "eks:DescribeAddon", DescribeAddon)
        .Add("ListAddons", "eks:ListAddons", ListAddons)
        .Add("UpdateAddon", "eks:UpdateAddon", UpdateAddon)
        .Add("DeleteAddon", "eks:DeleteAddon", DeleteAddon)
        .Add("DescribeAddonVersions", "eks:DescribeAddonVersions", DescribeAddonVersions);

    private OperationCall CreateAddon(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var body = Body(context);
        var tags = EksTags.Read(body, clusterName);
        return Answer(context, new Access(EksStore.ClusterArn(context, clusterName)) { ContextKeys = RequestTagKeys.Of(tags) }, () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var addonName = body.OptionalString("addonName") ?? throw EksErrors.InvalidParameter("The request must contain the parameter addonName.", clusterName);
            var offer = AddonCatalogue.Find(addonName) ?? throw EksErrors.InvalidParameter("Addon specified is not supported", clusterName, "addonName", addonName);
            var version = body.OptionalString("addonVersion") ?? offer.DefaultFor(cluster.Version)
                ?? throw EksErrors.InvalidParameter("Addon specified is not supported", clusterName, "addonName", addonName);
            if (!offer.Serves(version, cluster.Version))
                throw EksErrors.InvalidParameter("Addon version specified is not supported", clusterName, "addonName", addonName);
            var now = context.Time.GetUtcNow();
            var addon = new EksAddonRecord
            {
                AccountId = cluster.AccountId,
                Region = cluster.Region,
                ClusterName = cluster.Name,
                ClusterUid = cluster.Uid,
                AddonName = addonName,
                AddonVersion = version,
                AddonArn = $"arn:aws:eks:{cluster.Region}:{cluster.AccountId}:addon/{cluster.Name}/{addonName}/{Guid.NewGuid()}",
                Status = EksAddonStatus.Creating,
                CreatedAt = now,
                ModifiedAt = now,
                ServiceAccountRoleArn = RoleArn(body, clusterName, addonName),
                ConfigurationValues = AddonConfiguration.Read(body, clusterName, addonName),
                ResolveConflicts = Conflicts(body, clusterName, addonName) ?? "NONE",
                Tags = tags,
            };
            if (cluster.Status is EksClusterStatus.Deleting or EksClusterStatus.Failed)
                throw EksErrors.InvalidRequest($"Cluster {cluster.Name} is in {cluster.Status} state, add-ons cannot be created.", clusterName);
            var associations = AddonAssociations.Read(context, body, cluster, addon);
            lock (store.AssociationGate)
            {
                AddonAssociations.CheckFree(store, cluster, associations);
                if (!store.Addons.TryAdd(EksStore.PartKey(cluster, addonName), addon))
                    throw EksErrors.InUse("Addon already exists.", clusterName, "addonName", addonName);
                foreach (var association in associations) store.Associations.Put(EksStore.PartKey(cluster, association.AssociationId), association);
            }
            lifecycle.Accepted(cluster, addonName);
            return new JsonObject { ["addon"] = AddonJson.Addon(addon, associations.Select(a => a.AssociationArn)) };
        });
    }

    private OperationCall DescribeAddon(AwsRequestContext context)
    {
        var (cluster, addon) = Require(context);
        return Answer(context, addon.AddonArn, () =>
            new JsonObject
            {
                ["addon"] = AddonJson.Addon(store.Addons.Find(EksStore.PartKey(cluster, addon.AddonName)) ?? throw EksErrors.AddonNotFound(cluster.Name, addon.AddonName),
                    AddonAssociations.Owned(store, cluster, addon).Select(a => a.AssociationArn)),
            });
    }

    /// <summary>ListAddons: the cluster's add-on names in name order, paged.</summary>
    private OperationCall ListAddons(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        return Answer(context, EksStore.ClusterArn(context, clusterName), () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var page = Page(context, clusterName);
            var names = store.AddonsOf(cluster).Select(a => a.AddonName).Order(StringComparer.Ordinal).ToList();
            return new JsonObject().WithPage("addons", names, page, n => n);
        });
    }

    /// <summary>UpdateAddon: records an AddonUpdate (InProgress) and turns the add-on UPDATING with the new settings.</summary>
    private OperationCall UpdateAddon(AwsRequestContext context)
    {
        var (cluster, addon) = Require(context);
        return Answer(context, addon.AddonArn, () =>
        {
            var body = Body(context);
            var offer = AddonCatalogue.Find(addon.AddonName)!;
            var parameters = new List<KeyValuePair<string, string>>();
            var version = body.OptionalString("addonVersion");
            if (version is not null)
            {
                if (!offer.Serves(version, cluster.Version))
                    throw EksErrors.InvalidParameter("Addon version specified is not supported", cluster.Name, "addonName", addon.AddonName);
                parameters.Add(new("AddonVersion", version));
            }
            var role = RoleArn(body, cluster.Name, addon.AddonName);
            if (body.ContainsKey("serviceAccountRoleArn")) parameters.Add(new("ServiceAccountRoleArn", role ?? ""));
            var conflicts = Conflicts(body, cluster.Name, addon.AddonName);
            if (conflicts is not null) parameters.Add(new("ResolveConflicts", conflicts));
            var values = AddonConfiguration.Read(body, cluster.Name, addon.AddonName);
            if (body.ContainsKey("configurationValues")) parameters.Add(new("ConfigurationValues", values ?? ""));

            var now = context.Time.GetUtcNow();
            var update = new EksUpdateRecord
            {
                Id = Guid.NewGuid().ToString(),
                ClusterUid = cluster.Uid,
                ClusterName = cluster.Name,
                AddonName = addon.AddonName,
                Status = "InProgress",
                Params = parameters,
                CreatedAt = now,
            };
            string? busy = null;
            store.Addons.Update(EksStore.PartKey(cluster, addon.AddonName), current =>
            {
                if (current is null) return null;
                if (current.Status is EksAddonStatus.Creating or EksAddonStatus.Updating or EksAddonStatus.Deleting)
                {
                    busy = current.Status;
                    return current;
                }
                return current with
                {
                    Status = EksAddonStatus.Updating,
                    AddonVersion = version ?? current.AddonVersion,
                    ServiceAccountRoleArn = body.ContainsKey("serviceAccountRoleArn") ? role : current.ServiceAccountRoleArn,
                    ConfigurationValues = body.ContainsKey("configurationValues") ? values : current.ConfigurationValues,
                    ResolveConflicts = conflicts ?? current.ResolveConflicts,
                    PendingUpdateId = update.Id,
                    ModifiedAt = now,
                };
            });
            if (busy is not null)
                throw EksErrors.InUse($"Addon {addon.AddonName} cannot be updated as it is currently in {busy} state.", cluster.Name, "addonName", addon.AddonName);
            store.Updates.Put(EksStore.PartKey(cluster, update.Id), update);
            lifecycle.Accepted(cluster, addon.AddonName);
            return new JsonObject { ["update"] = AddonJson.Update(update) };
        });
    }

    /// <summary>DeleteAddon: DELETING until the cluster has removed the add-on's objects (or kept them, with <c>preserve=true</c>).</summary>
    private OperationCall DeleteAddon(AwsRequestContext context)
    {
        var (cluster, addon) = Require(context);
        var preserve = Query(context, "preserve") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw EksErrors.InvalidParameter($"preserve must be true or false, not {other}.", cluster.Name, "addonName", addon.AddonName),
        };
        return Answer(context, addon.AddonArn, () =>
        {
            var deleting = store.Addons.Update(EksStore.PartKey(cluster, addon.AddonName), a => a is null ? null : a with
            {
                Status = EksAddonStatus.Deleting,
                Preserve = preserve,
                PendingUpdateId = null,
                ModifiedAt = context.Time.GetUtcNow(),
            }) ?? throw EksErrors.AddonNotFound(cluster.Name, addon.AddonName);
            // The add-on's Pod Identity associations go with it.
            foreach (var owned in AddonAssociations.Owned(store, cluster, addon).ToList())
                store.Associations.Remove(EksStore.PartKey(cluster, owned.AssociationId));
            lifecycle.Accepted(cluster, addon.AddonName);
            return new JsonObject { ["addon"] = AddonJson.Addon(deleting) };
        });
    }

    /// <summary>DescribeAddonVersions: the catalogue, narrowed by kubernetesVersion, addonName and types, paged.</summary>
    private OperationCall DescribeAddonVersions(AwsRequestContext context) =>
        Answer(context, "*", () =>
        {
            var minor = Query(context, "kubernetesVersion");
            var name = Query(context, "addonName");
            var types = context.Http.Request.Query["types"].OfType<string>().ToList();
            var page = Page(context);
            var offers = AddonCatalogue.All
                .Where(a => name is null || a.Name == name)
                .Where(a => types.Count == 0 || types.Contains(a.Type))
                .Where(a => minor is null || a.Versions.Any(v => v.Minors.Contains(minor)))
                .ToList();
            return new JsonObject().WithPage("addons", offers, page, a => a.ToJson(minor));
        });

    /// <summary>The path's cluster and add-on; ResourceNotFoundException when either is missing (before any denial: its ARN is needed).</summary>
    private (EksClusterRecord Cluster, EksAddonRecord Addon) Require(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var addonName = Path(context, "addonName");
        var cluster = store.RequireCluster(context, clusterName);
        var addon = store.Addons.Find(EksStore.PartKey(cluster, addonName)) ?? throw EksErrors.AddonNotFound(clusterName, addonName);
        return (cluster, addon);
    }

    private static string? Conflicts(JsonObject body, string clusterName, string addonName)
    {
        var mode = body.OptionalString("resolveConflicts");
        if (mode is not null && !ConflictModes.Contains(mode))
            throw EksErrors.InvalidParameter($"resolveConflicts {mode} is not valid; use one of NONE, OVERWRITE, PRESERVE.", clusterName, "addonName", addonName);
        return mode;
    }

    /// <summary>serviceAccountRoleArn: an IAM role ARN (EKS checks the form; the role is assumed later, by the add-on's pods).</summary>
    private static string? RoleArn(JsonObject body, string clusterName, string addonName)
    {
        var role = body.OptionalString("serviceAccountRoleArn");
        if (role is null || role.Length == 0) return null;
        if (role.Length > 255 || Arn.TryParse(role) is not { Service: "iam" } arn || !arn.Resource.StartsWith("role/", StringComparison.Ordinal))
            throw EksErrors.InvalidParameter($"serviceAccountRoleArn {role} is not a valid IAM role ARN.", clusterName, "addonName", addonName);
        return role;
    }
}
