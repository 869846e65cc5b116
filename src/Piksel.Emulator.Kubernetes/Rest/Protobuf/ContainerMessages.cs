namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// core/v1 Container and what it nests (ports, env, resources, probes, lifecycle, security context); field numbers from
/// k8s.io/api <c>core/v1/generated.proto</c>, presence from the Go struct tags. Ephemeral containers reuse it inline.
/// </summary>
internal static class ContainerMessages
{
    private static readonly ProtoMessage ContainerPort = new ProtoMessage()
        .Add(1, "name", ProtoKind.String)
        .Add(2, "hostPort", ProtoKind.Int32)
        .Add(3, "containerPort", ProtoKind.Int32, Presence.Always)
        .Add(4, "protocol", ProtoKind.String)
        .Add(5, "hostIP", ProtoKind.String);

    private static readonly ProtoMessage KeySelector = new ProtoMessage()
        .Inline(1, CoreMessages.LocalObjectReference)
        .Add(2, "key", ProtoKind.String, Presence.Always)
        .Add(3, "optional", ProtoKind.Bool, Presence.Pointer);

    /// <summary>ObjectFieldSelector: fieldPath has no omitempty.</summary>
    public static readonly ProtoMessage ObjectFieldSelector = new ProtoMessage()
        .Add(1, "apiVersion", ProtoKind.String)
        .Add(2, "fieldPath", ProtoKind.String, Presence.Always);

    /// <summary>ResourceFieldSelector: divisor is a value Quantity, so Go writes "0" when unset.</summary>
    public static readonly ProtoMessage ResourceFieldSelector = new ProtoMessage()
        .Add(1, "containerName", ProtoKind.String)
        .Add(2, "resource", ProtoKind.String, Presence.Always)
        .Add(3, "divisor", ProtoKind.Quantity, Presence.Always);

    private static readonly ProtoMessage EnvVarSource = new ProtoMessage()
        .Pointer(1, "fieldRef", ObjectFieldSelector)
        .Pointer(2, "resourceFieldRef", ResourceFieldSelector)
        .Pointer(3, "configMapKeyRef", KeySelector)
        .Pointer(4, "secretKeyRef", KeySelector);

    private static readonly ProtoMessage EnvVar = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "value", ProtoKind.String)
        .Pointer(3, "valueFrom", EnvVarSource);

    private static readonly ProtoMessage EnvSource = new ProtoMessage()
        .Inline(1, CoreMessages.LocalObjectReference)
        .Add(2, "optional", ProtoKind.Bool, Presence.Pointer);

    private static readonly ProtoMessage EnvFromSource = new ProtoMessage()
        .Add(1, "prefix", ProtoKind.String)
        .Pointer(2, "configMapRef", EnvSource)
        .Pointer(3, "secretRef", EnvSource);

    private static readonly ProtoMessage ResourceClaim = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "request", ProtoKind.String);

    /// <summary>ResourceRequirements: limits and requests are ResourceLists (quantity maps).</summary>
    public static readonly ProtoMessage ResourceRequirements = new ProtoMessage()
        .Add(1, "limits", ProtoKind.QuantityMap)
        .Add(2, "requests", ProtoKind.QuantityMap)
        .List(3, "claims", ResourceClaim);

    private static readonly ProtoMessage ContainerResizePolicy = new ProtoMessage()
        .Add(1, "resourceName", ProtoKind.String, Presence.Always)
        .Add(2, "restartPolicy", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage VolumeMount = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "readOnly", ProtoKind.Bool)
        .Add(7, "recursiveReadOnly", ProtoKind.String, Presence.Pointer)
        .Add(3, "mountPath", ProtoKind.String, Presence.Always)
        .Add(4, "subPath", ProtoKind.String)
        .Add(5, "mountPropagation", ProtoKind.String, Presence.Pointer)
        .Add(6, "subPathExpr", ProtoKind.String);

    private static readonly ProtoMessage VolumeDevice = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "devicePath", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage ExecAction = new ProtoMessage().Strings(1, "command");

    private static readonly ProtoMessage HttpHeader = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "value", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage HttpGetAction = new ProtoMessage()
        .Add(1, "path", ProtoKind.String)
        .Add(2, "port", ProtoKind.IntOrString, Presence.Always)
        .Add(3, "host", ProtoKind.String)
        .Add(4, "scheme", ProtoKind.String)
        .List(5, "httpHeaders", HttpHeader);

    private static readonly ProtoMessage TcpSocketAction = new ProtoMessage()
        .Add(1, "port", ProtoKind.IntOrString, Presence.Always)
        .Add(2, "host", ProtoKind.String);

    private static readonly ProtoMessage GrpcAction = new ProtoMessage()
        .Add(1, "port", ProtoKind.Int32, Presence.Always)
        .Add(2, "service", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage SleepAction = new ProtoMessage().Add(1, "seconds", ProtoKind.Int64, Presence.Always);

    private static readonly ProtoMessage ProbeHandler = new ProtoMessage()
        .Pointer(1, "exec", ExecAction)
        .Pointer(2, "httpGet", HttpGetAction)
        .Pointer(3, "tcpSocket", TcpSocketAction)
        .Pointer(4, "grpc", GrpcAction);

    private static readonly ProtoMessage Probe = new ProtoMessage()
        .Inline(1, ProbeHandler)
        .Add(2, "initialDelaySeconds", ProtoKind.Int32)
        .Add(3, "timeoutSeconds", ProtoKind.Int32)
        .Add(4, "periodSeconds", ProtoKind.Int32)
        .Add(5, "successThreshold", ProtoKind.Int32)
        .Add(6, "failureThreshold", ProtoKind.Int32)
        .Add(7, "terminationGracePeriodSeconds", ProtoKind.Int64, Presence.Pointer);

    private static readonly ProtoMessage LifecycleHandler = new ProtoMessage()
        .Pointer(1, "exec", ExecAction)
        .Pointer(2, "httpGet", HttpGetAction)
        .Pointer(3, "tcpSocket", TcpSocketAction)
        .Pointer(4, "sleep", SleepAction);

    private static readonly ProtoMessage Lifecycle = new ProtoMessage()
        .Pointer(1, "postStart", LifecycleHandler)
        .Pointer(2, "preStop", LifecycleHandler)
        .Add(3, "stopSignal", ProtoKind.String, Presence.Pointer);

    /// <summary>SELinuxOptions: every field omitempty.</summary>
    public static readonly ProtoMessage SeLinuxOptions = new ProtoMessage()
        .Add(1, "user", ProtoKind.String)
        .Add(2, "role", ProtoKind.String)
        .Add(3, "type", ProtoKind.String)
        .Add(4, "level", ProtoKind.String);

    /// <summary>WindowsSecurityContextOptions: every field a pointer.</summary>
    public static readonly ProtoMessage WindowsOptions = new ProtoMessage()
        .Add(1, "gmsaCredentialSpecName", ProtoKind.String, Presence.Pointer)
        .Add(2, "gmsaCredentialSpec", ProtoKind.String, Presence.Pointer)
        .Add(3, "runAsUserName", ProtoKind.String, Presence.Pointer)
        .Add(4, "hostProcess", ProtoKind.Bool, Presence.Pointer);

    /// <summary>SeccompProfile and AppArmorProfile share a shape: type (required), localhostProfile (pointer).</summary>
    public static readonly ProtoMessage Profile = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "localhostProfile", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage Capabilities = new ProtoMessage().Strings(1, "add").Strings(2, "drop");

    private static readonly ProtoMessage SecurityContext = new ProtoMessage()
        .Pointer(1, "capabilities", Capabilities)
        .Add(2, "privileged", ProtoKind.Bool, Presence.Pointer)
        .Pointer(3, "seLinuxOptions", SeLinuxOptions)
        .Pointer(10, "windowsOptions", WindowsOptions)
        .Add(4, "runAsUser", ProtoKind.Int64, Presence.Pointer)
        .Add(8, "runAsGroup", ProtoKind.Int64, Presence.Pointer)
        .Add(5, "runAsNonRoot", ProtoKind.Bool, Presence.Pointer)
        .Add(6, "readOnlyRootFilesystem", ProtoKind.Bool, Presence.Pointer)
        .Add(7, "allowPrivilegeEscalation", ProtoKind.Bool, Presence.Pointer)
        .Add(9, "procMount", ProtoKind.String, Presence.Pointer)
        .Pointer(11, "seccompProfile", Profile)
        .Pointer(12, "appArmorProfile", Profile);

    /// <summary>Container: name has no omitempty and resources is a value struct, so Go always writes both.</summary>
    public static readonly ProtoMessage Container = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Add(2, "image", ProtoKind.String)
        .Strings(3, "command")
        .Strings(4, "args")
        .Add(5, "workingDir", ProtoKind.String)
        .List(6, "ports", ContainerPort)
        .List(19, "envFrom", EnvFromSource)
        .List(7, "env", EnvVar)
        .Add(8, "resources", ResourceRequirements)
        .List(23, "resizePolicy", ContainerResizePolicy)
        .Add(24, "restartPolicy", ProtoKind.String, Presence.Pointer)
        .List(9, "volumeMounts", VolumeMount)
        .List(21, "volumeDevices", VolumeDevice)
        .Pointer(10, "livenessProbe", Probe)
        .Pointer(11, "readinessProbe", Probe)
        .Pointer(22, "startupProbe", Probe)
        .Pointer(12, "lifecycle", Lifecycle)
        .Add(13, "terminationMessagePath", ProtoKind.String)
        .Add(20, "terminationMessagePolicy", ProtoKind.String)
        .Add(14, "imagePullPolicy", ProtoKind.String)
        .Pointer(15, "securityContext", SecurityContext)
        .Add(16, "stdin", ProtoKind.Bool)
        .Add(17, "stdinOnce", ProtoKind.Bool)
        .Add(18, "tty", ProtoKind.Bool);

    /// <summary>EphemeralContainer: the container's fields inline (EphemeralContainerCommon has the same numbers), then its target.</summary>
    public static readonly ProtoMessage EphemeralContainer = new ProtoMessage()
        .Inline(1, Container)
        .Add(2, "targetContainerName", ProtoKind.String);
}
