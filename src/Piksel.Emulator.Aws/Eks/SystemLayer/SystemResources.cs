using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// The kinds the EKS add-ons install beside workloads: PriorityClass (every kube-apiserver serves it and makes the two
/// system classes), PodDisruptionBudget and CSIDriver, all built-in kinds of the API server.
/// </summary>
public static class SystemResources
{
    /// <summary>scheduling.k8s.io/v1 PriorityClass.</summary>
    public static ResourceType PriorityClasses => BuiltInResources.PriorityClasses;

    /// <summary>policy/v1 PodDisruptionBudget.</summary>
    public static ResourceType PodDisruptionBudgets => BuiltInResources.PodDisruptionBudgets;

    /// <summary>storage.k8s.io/v1 CSIDriver.</summary>
    public static ResourceType CsiDrivers => BuiltInResources.CsiDrivers;

    /// <summary>The type the catalog serves for <paramref name="type"/>'s group-resource (a built-in wins over ours).</summary>
    public static ResourceType Served(ResourceCatalog catalog, ResourceType type) => catalog.FindGroupResource(type.GroupResource) ?? type;

}
