namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// The core/v1 kinds kubectl's <c>create</c> subcommands send as protobuf (configmap, secret, serviceaccount, namespace,
/// service); field numbers from k8s.io/api <c>core/v1/generated.proto</c>, presence from the Go struct tags.
/// </summary>
internal static class CoreMessages
{
    public static readonly ProtoMessage ConfigMap = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(4, "immutable", ProtoKind.Bool, Presence.Pointer)
        .Add(2, "data", ProtoKind.StringMap)
        .Add(3, "binaryData", ProtoKind.BytesMap);

    public static readonly ProtoMessage Secret = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(5, "immutable", ProtoKind.Bool, Presence.Pointer)
        .Add(2, "data", ProtoKind.BytesMap)
        .Add(4, "stringData", ProtoKind.StringMap)
        .Add(3, "type", ProtoKind.String);

    /// <summary>ObjectReference: every field omitempty.</summary>
    public static readonly ProtoMessage ObjectReference = new ProtoMessage()
        .Add(1, "kind", ProtoKind.String)
        .Add(2, "namespace", ProtoKind.String)
        .Add(3, "name", ProtoKind.String)
        .Add(4, "uid", ProtoKind.String)
        .Add(5, "apiVersion", ProtoKind.String)
        .Add(6, "resourceVersion", ProtoKind.String)
        .Add(7, "fieldPath", ProtoKind.String);

    /// <summary>LocalObjectReference {name = 1}, name omitempty.</summary>
    public static readonly ProtoMessage LocalObjectReference = new ProtoMessage().Add(1, "name", ProtoKind.String);

    public static readonly ProtoMessage ServiceAccount = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "secrets", ObjectReference, repeated: true)
        .Add(3, "imagePullSecrets", LocalObjectReference, repeated: true)
        .Add(4, "automountServiceAccountToken", ProtoKind.Bool, Presence.Pointer);

    private static readonly ProtoMessage NamespaceCondition = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "status", ProtoKind.String, Presence.Always)
        .Add(4, "lastTransitionTime", ProtoKind.Time, Presence.Always)
        .Add(5, "reason", ProtoKind.String)
        .Add(6, "message", ProtoKind.String);

    public static readonly ProtoMessage Namespace = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage().Strings(1, "finalizers"))
        .Add(3, "status", new ProtoMessage().Add(1, "phase", ProtoKind.String).Add(2, "conditions", NamespaceCondition, repeated: true));

    private static readonly ProtoMessage ServicePort = new ProtoMessage()
        .Add(1, "name", ProtoKind.String)
        .Add(2, "protocol", ProtoKind.String)
        .Add(6, "appProtocol", ProtoKind.String, Presence.Pointer)
        .Add(3, "port", ProtoKind.Int32, Presence.Always)
        .Add(4, "targetPort", ProtoKind.IntOrString, Presence.Always)
        .Add(5, "nodePort", ProtoKind.Int32);

    private static readonly ProtoMessage ServiceSpec = new ProtoMessage()
        .Add(1, "ports", ServicePort, repeated: true)
        .Add(2, "selector", ProtoKind.StringMap)
        .Add(3, "clusterIP", ProtoKind.String)
        .Strings(18, "clusterIPs")
        .Add(4, "type", ProtoKind.String)
        .Strings(5, "externalIPs")
        .Add(7, "sessionAffinity", ProtoKind.String)
        .Add(8, "loadBalancerIP", ProtoKind.String)
        .Strings(9, "loadBalancerSourceRanges")
        .Add(10, "externalName", ProtoKind.String)
        .Add(11, "externalTrafficPolicy", ProtoKind.String)
        .Add(12, "healthCheckNodePort", ProtoKind.Int32)
        .Add(13, "publishNotReadyAddresses", ProtoKind.Bool)
        .Add(14, "sessionAffinityConfig", new ProtoMessage()
            .Add(1, "clientIP", new ProtoMessage().Add(1, "timeoutSeconds", ProtoKind.Int32, Presence.Pointer), Presence.Pointer), Presence.Pointer)
        .Strings(19, "ipFamilies")
        .Add(17, "ipFamilyPolicy", ProtoKind.String, Presence.Pointer)
        .Add(20, "allocateLoadBalancerNodePorts", ProtoKind.Bool, Presence.Pointer)
        .Add(21, "loadBalancerClass", ProtoKind.String, Presence.Pointer)
        .Add(22, "internalTrafficPolicy", ProtoKind.String, Presence.Pointer)
        .Add(23, "trafficDistribution", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage LoadBalancerIngress = new ProtoMessage()
        .Add(1, "ip", ProtoKind.String)
        .Add(2, "hostname", ProtoKind.String)
        .Add(3, "ipMode", ProtoKind.String, Presence.Pointer)
        .Add(4, "ports", new ProtoMessage()
            .Add(1, "port", ProtoKind.Int32, Presence.Always)
            .Add(2, "protocol", ProtoKind.String, Presence.Always)
            .Add(3, "error", ProtoKind.String, Presence.Pointer), repeated: true);

    public static readonly ProtoMessage Service = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", ServiceSpec)
        // Status conditions (metav1.Condition) are the controllers' to write; a create never carries them.
        .Add(3, "status", new ProtoMessage().Add(1, "loadBalancer", new ProtoMessage().Add(1, "ingress", LoadBalancerIngress, repeated: true)));
}
