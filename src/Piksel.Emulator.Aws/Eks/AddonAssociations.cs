using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// The Pod Identity associations CreateAddon makes for the add-on's service accounts (its <c>podIdentityAssociations</c>):
/// in the add-on's namespace (kube-system for every add-on offered), owned by the add-on, deleted with it.
/// </summary>
internal static class AddonAssociations
{
    /// <summary>The namespace every offered add-on installs into.</summary>
    public const string Namespace = "kube-system";

    /// <summary>The associations asked for, validated (service account, a role the caller may pass), not yet stored.</summary>
    public static List<EksPodIdentityAssociationRecord> Read(AwsRequestContext context, JsonObject body, EksClusterRecord cluster, EksAddonRecord addon)
    {
        var associations = new List<EksPodIdentityAssociationRecord>();
        foreach (var item in body.ObjectList("podIdentityAssociations"))
        {
            var serviceAccount = PodIdentityOperations.KubernetesName(item, "serviceAccount", cluster.Name);
            var roleArn = PodIdentityOperations.RoleArn(item.OptionalString("roleArn"), "roleArn", cluster.Name)
                ?? throw EksErrors.InvalidParameter("Each pod identity association must have a roleArn.", cluster.Name, "addonName", addon.AddonName);
            if (associations.Any(a => a.ServiceAccount == serviceAccount))
                throw EksErrors.InvalidParameter($"Service account {serviceAccount} is named by more than one pod identity association.", cluster.Name, "addonName", addon.AddonName);
            PodIdentityOperations.PassRole(context, roleArn);
            associations.Add(PodIdentityOperations.NewAssociation(cluster, Namespace, serviceAccount, roleArn, addon.CreatedAt, addon.Tags) with { OwnerArn = addon.AddonArn });
        }
        return associations;
    }

    /// <summary>Refuses when one of the service accounts already has an association.</summary>
    public static void CheckFree(EksStore store, EksClusterRecord cluster, IEnumerable<EksPodIdentityAssociationRecord> associations)
    {
        foreach (var association in associations)
        {
            if (store.AssociationsOf(cluster).FirstOrDefault(a => a.Namespace == association.Namespace && a.ServiceAccount == association.ServiceAccount) is { } existing)
                throw EksErrors.InUse($"Association already exists: {existing.AssociationId}", cluster.Name);
        }
    }

    /// <summary>The associations <paramref name="addon"/> owns.</summary>
    public static IEnumerable<EksPodIdentityAssociationRecord> Owned(EksStore store, EksClusterRecord cluster, EksAddonRecord addon) =>
        store.AssociationsOf(cluster).Where(a => a.OwnerArn == addon.AddonArn).OrderBy(a => a.CreatedAt);
}
