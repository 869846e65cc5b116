using k8s.Models;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// The kinds the EKS add-ons install that the API server does not serve out of the box: PriorityClass (every
/// kube-apiserver serves it and makes the two system classes), PodDisruptionBudget and CSIDriver.
/// </summary>
public static class SystemResources
{
    /// <summary>scheduling.k8s.io/v1 PriorityClass.</summary>
    public static ResourceType PriorityClasses { get; } = Type("scheduling.k8s.io", "PriorityClass", "priorityclasses", false, typeof(V1PriorityClass), ["pc"], []);

    /// <summary>policy/v1 PodDisruptionBudget.</summary>
    public static ResourceType PodDisruptionBudgets { get; } = Type("policy", "PodDisruptionBudget", "poddisruptionbudgets", true, typeof(V1PodDisruptionBudget), ["pdb"], ["status"]);

    /// <summary>storage.k8s.io/v1 CSIDriver.</summary>
    public static ResourceType CsiDrivers { get; } = Type("storage.k8s.io", "CSIDriver", "csidrivers", false, typeof(V1CSIDriver), [], []);

    /// <summary>
    /// Serves each kind the catalog does not serve yet; one already there (a built-in of a later server) is kept.
    /// </summary>
    public static void Register(ResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var type in new[] { PriorityClasses, PodDisruptionBudgets, CsiDrivers })
            if (catalog.FindGroupResource(type.GroupResource) is null) catalog.Register(type);
    }

    /// <summary>The type the catalog serves for <paramref name="type"/>'s group-resource (a built-in wins over ours).</summary>
    public static ResourceType Served(ResourceCatalog catalog, ResourceType type) => catalog.FindGroupResource(type.GroupResource) ?? type;

    private static ResourceType Type(string group, string kind, string plural, bool namespaced, Type model, string[] shortNames, string[] subresources) => new()
    {
        Group = group,
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced,
        ModelType = model,
        ShortNames = shortNames,
        Subresources = subresources,
    };
}
