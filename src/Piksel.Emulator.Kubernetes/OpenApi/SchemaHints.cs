using System.Collections.Frozen;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// What the client models cannot say about a field: the strategic-merge keys, list and map types and required reference-typed
/// fields of the real spec (the Go struct tags <c>patchStrategy:"merge" patchMergeKey:"name"</c> and <c>+listType</c> markers).
/// </summary>
internal static class SchemaHints
{
    /// <summary>How a list merges: the patch strategy, merge key and list-map keys.</summary>
    public sealed record ListHint(string? Strategy, string? MergeKey, string ListType, string[] MapKeys);

    private static ListHint MergeBy(string key, params string[] mapKeys) => new("merge", key, "map", mapKeys.Length == 0 ? [key] : mapKeys);

    /// <summary>Hints by <c>ModelName.jsonField</c>.</summary>
    public static readonly FrozenDictionary<string, ListHint> Lists = new Dictionary<string, ListHint>
    {
        ["V1PodSpec.containers"] = MergeBy("name"),
        ["V1PodSpec.initContainers"] = MergeBy("name"),
        ["V1PodSpec.ephemeralContainers"] = MergeBy("name"),
        ["V1PodSpec.volumes"] = new("merge,retainKeys", "name", "map", ["name"]),
        ["V1PodSpec.imagePullSecrets"] = MergeBy("name"),
        ["V1PodSpec.hostAliases"] = MergeBy("ip"),
        ["V1PodSpec.topologySpreadConstraints"] = MergeBy("topologyKey", "topologyKey", "whenUnsatisfiable"),
        ["V1PodSpec.resourceClaims"] = new("merge,retainKeys", "name", "map", ["name"]),
        ["V1PodSpec.tolerations"] = new(null, null, "atomic", []),
        ["V1Container.env"] = MergeBy("name"),
        ["V1Container.ports"] = MergeBy("containerPort", "containerPort", "protocol"),
        ["V1Container.volumeMounts"] = MergeBy("mountPath"),
        ["V1Container.volumeDevices"] = MergeBy("devicePath"),
        ["V1Container.envFrom"] = new(null, null, "atomic", []),
        ["V1Container.command"] = new(null, null, "atomic", []),
        ["V1Container.args"] = new(null, null, "atomic", []),
        ["V1EphemeralContainer.env"] = MergeBy("name"),
        ["V1EphemeralContainer.volumeMounts"] = MergeBy("mountPath"),
        ["V1ServiceSpec.ports"] = MergeBy("port", "port", "protocol"),
        ["V1ServiceSpec.clusterIPs"] = new(null, null, "atomic", []),
        ["V1ObjectMeta.finalizers"] = new("merge", null, "set", []),
        ["V1ObjectMeta.ownerReferences"] = MergeBy("uid"),
        ["V1PodStatus.conditions"] = MergeBy("type"),
        ["V1DeploymentStatus.conditions"] = MergeBy("type"),
        ["V1DaemonSetStatus.conditions"] = MergeBy("type"),
        ["V1NodeStatus.conditions"] = MergeBy("type"),
        ["V1NodeStatus.addresses"] = MergeBy("type"),
        ["V1NamespaceStatus.conditions"] = MergeBy("type"),
        ["V1ServiceStatus.conditions"] = MergeBy("type"),
        ["V1PolicyRule.verbs"] = new(null, null, "atomic", []),
        ["V1RoleBinding.subjects"] = new(null, null, "atomic", []),
        ["V1ClusterRoleBinding.subjects"] = new(null, null, "atomic", []),
        ["V1ClusterRole.rules"] = new(null, null, "atomic", []),
        ["V1Role.rules"] = new(null, null, "atomic", []),
        ["V1LabelSelector.matchExpressions"] = new(null, null, "atomic", []),
        ["V1NetworkPolicySpec.ingress"] = new(null, null, "atomic", []),
        ["V1NetworkPolicySpec.egress"] = new(null, null, "atomic", []),
        ["V1NetworkPolicySpec.policyTypes"] = new(null, null, "atomic", []),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Objects replaced as a whole by a strategic merge (<c>retainKeys</c>) or held atomic by server-side apply.</summary>
    public static readonly FrozenDictionary<string, string> FieldStrategies = new Dictionary<string, string>
    {
        ["V1DeploymentSpec.strategy"] = "retainKeys",
        ["V1DaemonSetSpec.updateStrategy"] = "retainKeys",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Models whose maps are atomic (<c>x-kubernetes-map-type: atomic</c>).</summary>
    public static readonly FrozenSet<string> AtomicModels = FrozenSet.ToFrozenSet(
        ["V1LabelSelector", "V1ObjectReference", "V1LocalObjectReference", "V1ConfigMapKeySelector", "V1SecretKeySelector", "V1ObjectFieldSelector",
         "V1ResourceFieldSelector", "V1NodeSelector", "V1NodeSelectorTerm", "V1TopologySelectorTerm"], StringComparer.Ordinal);

    /// <summary>Required reference-typed fields (value-typed ones are seen on the model: non-nullable means required).</summary>
    public static readonly FrozenDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        ["V1Container"] = ["name"],
        ["V1EphemeralContainer"] = ["name"],
        ["V1EnvVar"] = ["name"],
        ["V1Volume"] = ["name"],
        ["V1VolumeMount"] = ["name", "mountPath"],
        ["V1VolumeDevice"] = ["name", "devicePath"],
        ["V1PodSpec"] = ["containers"],
        ["V1DeploymentSpec"] = ["selector", "template"],
        ["V1DaemonSetSpec"] = ["selector", "template"],
        ["V1PolicyRule"] = ["verbs"],
        ["V1RoleRef"] = ["apiGroup", "kind", "name"],
        ["Rbacv1Subject"] = ["kind", "name"],
        ["V1RoleBinding"] = ["roleRef"],
        ["V1ClusterRoleBinding"] = ["roleRef"],
        ["V1OwnerReference"] = ["apiVersion", "kind", "name", "uid"],
        ["V1LabelSelectorRequirement"] = ["key", "operator"],
        ["V1NodeSelectorRequirement"] = ["key", "operator"],
        ["V1KeyToPath"] = ["key", "path"],
        ["V1ConfigMapKeySelector"] = ["key"],
        ["V1SecretKeySelector"] = ["key"],
        ["V1ObjectFieldSelector"] = ["fieldPath"],
        ["V1ResourceFieldSelector"] = ["resource"],
        ["V1HTTPGetAction"] = ["port"],
        ["V1TCPSocketAction"] = ["port"],
        ["V1Condition"] = ["type", "status", "lastTransitionTime", "reason", "message"],
        ["V1DeploymentCondition"] = ["type", "status"],
        ["V1DaemonSetCondition"] = ["type", "status"],
        ["V1PodCondition"] = ["type", "status"],
        ["V1NodeCondition"] = ["type", "status"],
        ["V1NamespaceCondition"] = ["type", "status"],
        ["V1NodeAddress"] = ["type", "address"],
        ["V1Taint"] = ["key", "effect"],
        ["V1LimitRangeItem"] = ["type"],
        ["V1LimitRangeSpec"] = ["limits"],
        ["V1StorageClass"] = ["provisioner"],
        ["V1TokenRequestSpec"] = ["audiences"],
        ["V1HostAlias"] = ["ip"],
        ["V1Sysctl"] = ["name", "value"],
        ["V1ServiceAccountTokenProjection"] = ["path"],
        ["V1ManagedFieldsEntry"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
