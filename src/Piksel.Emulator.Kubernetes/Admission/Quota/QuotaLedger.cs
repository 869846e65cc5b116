using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The quotas of one server's store and the one lock their <c>status.used</c> is charged and recalculated under, so that
/// two creates racing for the last unit of a quota cannot both fit, and a recalculation cannot undo a charge it did not see.
/// Shared by the quota admission plugin and the quota controller through <see cref="For"/>.
/// </summary>
public sealed class QuotaLedger
{
    // Keyed by the server's catalog: the one object both admission (ServerContext) and controllers (ControllerContext) hold.
    private static readonly ConditionalWeakTable<ResourceCatalog, QuotaLedger> Ledgers = [];

    /// <summary>Held while a quota's usage is read and written.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The ledger of the server whose catalog is <paramref name="catalog"/>.</summary>
    public static QuotaLedger For(ResourceCatalog catalog) => Ledgers.GetValue(catalog, _ => new QuotaLedger());

    /// <summary>The types whose objects count towards the resources in <paramref name="hard"/>, from <paramref name="catalog"/>.</summary>
    public static IReadOnlyList<ResourceType> TypesFor(IEnumerable<string> hard, ResourceCatalog catalog)
    {
        var types = new HashSet<ResourceType>();
        foreach (var k in hard)
        {
            if (k.StartsWith("count/", StringComparison.Ordinal))
            {
                if (catalog.FindGroupResource(k["count/".Length..]) is { Namespaced: true } counted) types.Add(counted);
            }
            else if (k is "cpu" or "memory" or "ephemeral-storage" or "pods" || (k.StartsWith("requests.", StringComparison.Ordinal) && k != "requests.storage") || k.StartsWith("limits.", StringComparison.Ordinal))
            {
                types.Add(BuiltInResources.Pods);
            }
            else if (k.StartsWith("services", StringComparison.Ordinal))
            {
                types.Add(BuiltInResources.Services);
            }
            else if (k is "requests.storage" or "persistentvolumeclaims" || k.Contains(".storageclass.storage.k8s.io/", StringComparison.Ordinal))
            {
                types.Add(BuiltInResources.PersistentVolumeClaims);
            }
            else if (k == "configmaps")
            {
                types.Add(BuiltInResources.ConfigMaps);
            }
            else if (k == "secrets")
            {
                types.Add(BuiltInResources.Secrets);
            }
            else if (k == "resourcequotas")
            {
                types.Add(BuiltInResources.ResourceQuotas);
            }
        }
        return [.. types];
    }

    /// <summary>What <paramref name="quota"/>'s namespace uses of its hard resources now, recounted from the store.</summary>
    public static SortedDictionary<string, Quantity> Recount(StoredObject quota, ResourceCatalog catalog, Func<ResourceType, string, IEnumerable<StoredObject>> list)
    {
        var hard = QuotaUsage.List(quota.View["spec"]?["hard"]);
        var objects = TypesFor(hard.Keys, catalog)
            .SelectMany(t => list(t, quota.Namespace))
            .Select(o => (o.Type, (JsonObject)o.View));
        return QuotaUsage.Recalculate(quota.View, hard, objects);
    }
}
