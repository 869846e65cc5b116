namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// core/v1 Pod, PodSpec (every field of it), PodTemplateSpec and PodTemplate, as <c>kubectl run</c> and the workload kinds
/// send them; field numbers from k8s.io/api <c>core/v1/generated.proto</c>, presence from the Go struct tags.
/// </summary>
internal static class PodMessages
{
    private static readonly ProtoMessage Sysctl = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "value", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage PodSecurityContext = new ProtoMessage()
        .Pointer(1, "seLinuxOptions", ContainerMessages.SeLinuxOptions)
        .Pointer(8, "windowsOptions", ContainerMessages.WindowsOptions)
        .Add(2, "runAsUser", ProtoKind.Int64, Presence.Pointer)
        .Add(6, "runAsGroup", ProtoKind.Int64, Presence.Pointer)
        .Add(3, "runAsNonRoot", ProtoKind.Bool, Presence.Pointer)
        .Add(4, "supplementalGroups", ProtoKind.Int64, repeated: true)
        .Add(12, "supplementalGroupsPolicy", ProtoKind.String, Presence.Pointer)
        .Add(5, "fsGroup", ProtoKind.Int64, Presence.Pointer)
        .List(7, "sysctls", Sysctl)
        .Add(9, "fsGroupChangePolicy", ProtoKind.String, Presence.Pointer)
        .Pointer(10, "seccompProfile", ContainerMessages.Profile)
        .Pointer(11, "appArmorProfile", ContainerMessages.Profile)
        .Add(13, "seLinuxChangePolicy", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage HostAlias = new ProtoMessage()
        .Add(1, "ip", ProtoKind.String, Presence.Always)
        .Strings(2, "hostnames");

    private static readonly ProtoMessage PodDnsConfig = new ProtoMessage()
        .Strings(1, "nameservers")
        .Strings(2, "searches")
        .List(3, "options", new ProtoMessage()
            .Add(1, "name", ProtoKind.String)
            .Add(2, "value", ProtoKind.String, Presence.Pointer));

    private static readonly ProtoMessage Named = new ProtoMessage().Add(1, "name", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage PodResourceClaim = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(3, "resourceClaimName", ProtoKind.String, Presence.Pointer)
        .Add(4, "resourceClaimTemplateName", ProtoKind.String, Presence.Pointer);

    /// <summary>PodSpec: containers has no omitempty (null when empty); the optional scalars are pointers, as in Go.</summary>
    public static readonly ProtoMessage PodSpec = new ProtoMessage()
        .List(1, "volumes", VolumeMessages.Volume)
        .List(20, "initContainers", ContainerMessages.Container)
        .Add(2, "containers", ContainerMessages.Container, Presence.Always, repeated: true)
        .List(34, "ephemeralContainers", ContainerMessages.EphemeralContainer)
        .Add(3, "restartPolicy", ProtoKind.String)
        .Add(4, "terminationGracePeriodSeconds", ProtoKind.Int64, Presence.Pointer)
        .Add(5, "activeDeadlineSeconds", ProtoKind.Int64, Presence.Pointer)
        .Add(6, "dnsPolicy", ProtoKind.String)
        .Add(7, "nodeSelector", ProtoKind.StringMap)
        .Add(8, "serviceAccountName", ProtoKind.String)
        .Add(9, "serviceAccount", ProtoKind.String)
        .Add(21, "automountServiceAccountToken", ProtoKind.Bool, Presence.Pointer)
        .Add(10, "nodeName", ProtoKind.String)
        .Add(11, "hostNetwork", ProtoKind.Bool)
        .Add(12, "hostPID", ProtoKind.Bool)
        .Add(13, "hostIPC", ProtoKind.Bool)
        .Add(27, "shareProcessNamespace", ProtoKind.Bool, Presence.Pointer)
        .Pointer(14, "securityContext", PodSecurityContext)
        .List(15, "imagePullSecrets", CoreMessages.LocalObjectReference)
        .Add(16, "hostname", ProtoKind.String)
        .Add(17, "subdomain", ProtoKind.String)
        .Pointer(18, "affinity", SchedulingMessages.Affinity)
        .Add(19, "schedulerName", ProtoKind.String)
        .List(22, "tolerations", SchedulingMessages.Toleration)
        .List(23, "hostAliases", HostAlias)
        .Add(24, "priorityClassName", ProtoKind.String)
        .Add(25, "priority", ProtoKind.Int32, Presence.Pointer)
        .Pointer(26, "dnsConfig", PodDnsConfig)
        .List(28, "readinessGates", new ProtoMessage().Add(1, "conditionType", ProtoKind.String, Presence.Always))
        .Add(29, "runtimeClassName", ProtoKind.String, Presence.Pointer)
        .Add(30, "enableServiceLinks", ProtoKind.Bool, Presence.Pointer)
        .Add(31, "preemptionPolicy", ProtoKind.String, Presence.Pointer)
        .Add(32, "overhead", ProtoKind.QuantityMap)
        .List(33, "topologySpreadConstraints", SchedulingMessages.TopologySpreadConstraint)
        .Add(35, "setHostnameAsFQDN", ProtoKind.Bool, Presence.Pointer)
        .Pointer(36, "os", Named)
        .Add(37, "hostUsers", ProtoKind.Bool, Presence.Pointer)
        .List(38, "schedulingGates", Named)
        .List(39, "resourceClaims", PodResourceClaim)
        .Pointer(40, "resources", ContainerMessages.ResourceRequirements);

    private static readonly ProtoMessage PodCondition = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "status", ProtoKind.String, Presence.Always)
        .Add(3, "lastProbeTime", ProtoKind.Time, Presence.Always)
        .Add(4, "lastTransitionTime", ProtoKind.Time, Presence.Always)
        .Add(5, "reason", ProtoKind.String)
        .Add(6, "message", ProtoKind.String);

    // Status is the kubelet's and controllers' to write; a create carries an empty one. These are its scalar parts.
    private static readonly ProtoMessage PodStatus = new ProtoMessage()
        .Add(1, "phase", ProtoKind.String)
        .List(2, "conditions", PodCondition)
        .Add(3, "message", ProtoKind.String)
        .Add(4, "reason", ProtoKind.String)
        .Add(11, "nominatedNodeName", ProtoKind.String)
        .Add(5, "hostIP", ProtoKind.String)
        .Add(6, "podIP", ProtoKind.String)
        .Add(7, "startTime", ProtoKind.Time, Presence.Pointer)
        .Add(9, "qosClass", ProtoKind.String);

    /// <summary>Pod: metadata, spec and status are value structs, always written.</summary>
    public static readonly ProtoMessage Pod = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", PodSpec)
        .Add(3, "status", PodStatus);

    /// <summary>PodTemplateSpec {metadata = 1, spec = 2}: the template of every workload kind.</summary>
    public static readonly ProtoMessage PodTemplateSpec = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", PodSpec);

    /// <summary>PodTemplate {metadata = 1, template = 2}.</summary>
    public static readonly ProtoMessage PodTemplate = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "template", PodTemplateSpec);
}
