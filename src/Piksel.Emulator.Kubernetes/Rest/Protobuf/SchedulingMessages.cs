namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// The scheduling parts of a core/v1 PodSpec: affinity (node, pod, anti), tolerations and topology spread constraints;
/// field numbers from k8s.io/api <c>core/v1/generated.proto</c>.
/// </summary>
internal static class SchedulingMessages
{
    private static readonly ProtoMessage NodeSelectorRequirement = new ProtoMessage()
        .Add(1, "key", ProtoKind.String, Presence.Always)
        .Add(2, "operator", ProtoKind.String, Presence.Always)
        .Strings(3, "values");

    private static readonly ProtoMessage NodeSelectorTerm = new ProtoMessage()
        .List(1, "matchExpressions", NodeSelectorRequirement)
        .List(2, "matchFields", NodeSelectorRequirement);

    private static readonly ProtoMessage NodeAffinity = new ProtoMessage()
        .Pointer(1, "requiredDuringSchedulingIgnoredDuringExecution", new ProtoMessage()
            .Add(1, "nodeSelectorTerms", NodeSelectorTerm, Presence.Always, repeated: true))
        .List(2, "preferredDuringSchedulingIgnoredDuringExecution", new ProtoMessage()
            .Add(1, "weight", ProtoKind.Int32, Presence.Always)
            .Add(2, "preference", NodeSelectorTerm));

    private static readonly ProtoMessage PodAffinityTerm = new ProtoMessage()
        .Pointer(1, "labelSelector", MetaMessages.LabelSelector)
        .Strings(2, "namespaces")
        .Add(3, "topologyKey", ProtoKind.String, Presence.Always)
        .Pointer(4, "namespaceSelector", MetaMessages.LabelSelector)
        .Strings(5, "matchLabelKeys")
        .Strings(6, "mismatchLabelKeys");

    private static readonly ProtoMessage PodAffinity = new ProtoMessage()
        .List(1, "requiredDuringSchedulingIgnoredDuringExecution", PodAffinityTerm)
        .List(2, "preferredDuringSchedulingIgnoredDuringExecution", new ProtoMessage()
            .Add(1, "weight", ProtoKind.Int32, Presence.Always)
            .Add(2, "podAffinityTerm", PodAffinityTerm));

    /// <summary>Affinity: three pointers.</summary>
    public static readonly ProtoMessage Affinity = new ProtoMessage()
        .Pointer(1, "nodeAffinity", NodeAffinity)
        .Pointer(2, "podAffinity", PodAffinity)
        .Pointer(3, "podAntiAffinity", PodAffinity);

    /// <summary>Toleration: strings omitempty, tolerationSeconds a pointer.</summary>
    public static readonly ProtoMessage Toleration = new ProtoMessage()
        .Add(1, "key", ProtoKind.String)
        .Add(2, "operator", ProtoKind.String)
        .Add(3, "value", ProtoKind.String)
        .Add(4, "effect", ProtoKind.String)
        .Add(5, "tolerationSeconds", ProtoKind.Int64, Presence.Pointer);

    /// <summary>TopologySpreadConstraint: maxSkew, topologyKey and whenUnsatisfiable are required.</summary>
    public static readonly ProtoMessage TopologySpreadConstraint = new ProtoMessage()
        .Add(1, "maxSkew", ProtoKind.Int32, Presence.Always)
        .Add(2, "topologyKey", ProtoKind.String, Presence.Always)
        .Add(3, "whenUnsatisfiable", ProtoKind.String, Presence.Always)
        .Pointer(4, "labelSelector", MetaMessages.LabelSelector)
        .Add(5, "minDomains", ProtoKind.Int32, Presence.Pointer)
        .Add(6, "nodeAffinityPolicy", ProtoKind.String, Presence.Pointer)
        .Add(7, "nodeTaintsPolicy", ProtoKind.String, Presence.Pointer)
        .Strings(8, "matchLabelKeys");
}
