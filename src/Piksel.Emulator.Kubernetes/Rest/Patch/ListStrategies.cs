using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest.Patch;

/// <summary>How a list is merged: replaced whole (atomic), merged element by element on a key, or merged as a set of primitives.</summary>
public enum ListKind
{
    Atomic,
    MapByKey,
    Set,
}

/// <summary>A list field's merge strategy, with its merge key for <see cref="ListKind.MapByKey"/>.</summary>
public readonly record struct ListStrategy(ListKind Kind, string? Key = null)
{
    public static ListStrategy Atomic => new(ListKind.Atomic);
}

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> tags of the built-in kinds' Go types (k8s.io/api), which strategic merge
/// patch and server-side apply read. The KubernetesClient models do not carry them, so they are tabled here by the
/// field path inside the object (list indices elided), matched on its tail so that pod templates
/// (<c>spec.template.spec.containers</c>) share the pod rules.
/// </summary>
public static class ListStrategies
{
    // Tail of the path → strategy. Longer tails are tried first.
    private static readonly Dictionary<string, ListStrategy> Tails = new(StringComparer.Ordinal)
    {
        ["containers"] = new(ListKind.MapByKey, "name"),
        ["initContainers"] = new(ListKind.MapByKey, "name"),
        ["ephemeralContainers"] = new(ListKind.MapByKey, "name"),
        ["containers.env"] = new(ListKind.MapByKey, "name"),
        ["initContainers.env"] = new(ListKind.MapByKey, "name"),
        ["ephemeralContainers.env"] = new(ListKind.MapByKey, "name"),
        ["containers.volumeMounts"] = new(ListKind.MapByKey, "mountPath"),
        ["initContainers.volumeMounts"] = new(ListKind.MapByKey, "mountPath"),
        ["ephemeralContainers.volumeMounts"] = new(ListKind.MapByKey, "mountPath"),
        ["containers.volumeDevices"] = new(ListKind.MapByKey, "devicePath"),
        ["initContainers.volumeDevices"] = new(ListKind.MapByKey, "devicePath"),
        ["containers.ports"] = new(ListKind.MapByKey, "containerPort"),
        ["initContainers.ports"] = new(ListKind.MapByKey, "containerPort"),
        ["ephemeralContainers.ports"] = new(ListKind.MapByKey, "containerPort"),
        ["template.spec.volumes"] = new(ListKind.MapByKey, "name"),
        ["template.spec.imagePullSecrets"] = new(ListKind.MapByKey, "name"),
        ["template.spec.hostAliases"] = new(ListKind.MapByKey, "ip"),
        ["template.spec.topologySpreadConstraints"] = new(ListKind.MapByKey, "topologyKey"),
        ["template.spec.schedulingGates"] = new(ListKind.MapByKey, "name"),
        ["template.spec.resourceClaims"] = new(ListKind.MapByKey, "name"),
        ["metadata.ownerReferences"] = new(ListKind.MapByKey, "uid"),
        ["metadata.finalizers"] = new(ListKind.Set),
        ["status.conditions"] = new(ListKind.MapByKey, "type"),
        ["status.podIPs"] = new(ListKind.MapByKey, "ip"),
        ["status.hostIPs"] = new(ListKind.MapByKey, "ip"),
    };

    // Exact paths of one kind → strategy (where the tail alone would be ambiguous).
    private static readonly Dictionary<(string Kind, string Path), ListStrategy> Exact = new()
    {
        [("Pod", "spec.volumes")] = new(ListKind.MapByKey, "name"),
        [("Pod", "spec.imagePullSecrets")] = new(ListKind.MapByKey, "name"),
        [("Pod", "spec.hostAliases")] = new(ListKind.MapByKey, "ip"),
        [("Pod", "spec.topologySpreadConstraints")] = new(ListKind.MapByKey, "topologyKey"),
        [("Pod", "spec.schedulingGates")] = new(ListKind.MapByKey, "name"),
        [("Pod", "spec.resourceClaims")] = new(ListKind.MapByKey, "name"),
        [("Service", "spec.ports")] = new(ListKind.MapByKey, "port"),
        [("ServiceAccount", "secrets")] = new(ListKind.MapByKey, "name"),
        [("ServiceAccount", "imagePullSecrets")] = new(ListKind.MapByKey, "name"),
        [("Node", "spec.podCIDRs")] = new(ListKind.Set),
        [("Node", "status.addresses")] = new(ListKind.MapByKey, "type"),
        [("Node", "status.images")] = ListStrategy.Atomic,
        [("Node", "status.volumesAttached")] = new(ListKind.MapByKey, "name"),
    };

    /// <summary>The strategy of the list at <paramref name="path"/> (field names, indices elided) in an object of <paramref name="type"/>.</summary>
    public static ListStrategy For(ResourceType type, IReadOnlyList<string> path)
    {
        var joined = string.Join('.', path);
        if (Exact.TryGetValue((type.Kind, joined), out var exact)) return exact;
        for (var take = Math.Min(3, path.Count); take >= 1; take--)
            if (Tails.TryGetValue(string.Join('.', path.Skip(path.Count - take)), out var tail)) return tail;
        return ListStrategy.Atomic;
    }
}
