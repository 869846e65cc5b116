namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>The k8s.io/apimachinery meta/v1 messages bodies carry (field numbers from <c>pkg/apis/meta/v1/generated.proto</c>).</summary>
internal static class MetaMessages
{
    /// <summary>OwnerReference: apiVersion, kind, name and uid have no omitempty; controller and blockOwnerDeletion are pointers.</summary>
    public static readonly ProtoMessage OwnerReference = new ProtoMessage()
        .Add(5, "apiVersion", ProtoKind.String, Presence.Always)
        .Add(1, "kind", ProtoKind.String, Presence.Always)
        .Add(3, "name", ProtoKind.String, Presence.Always)
        .Add(4, "uid", ProtoKind.String, Presence.Always)
        .Add(6, "controller", ProtoKind.Bool, Presence.Pointer)
        .Add(7, "blockOwnerDeletion", ProtoKind.Bool, Presence.Pointer);

    /// <summary>ManagedFieldsEntry; fieldsV1 carries the field set as raw JSON.</summary>
    public static readonly ProtoMessage ManagedFieldsEntry = new ProtoMessage()
        .Add(1, "manager", ProtoKind.String)
        .Add(2, "operation", ProtoKind.String)
        .Add(3, "apiVersion", ProtoKind.String)
        .Add(4, "time", ProtoKind.Time, Presence.Pointer)
        .Add(6, "fieldsType", ProtoKind.String)
        .Add(7, "fieldsV1", ProtoKind.RawJson, Presence.Pointer)
        .Add(8, "subresource", ProtoKind.String);

    /// <summary>ObjectMeta: creationTimestamp is a value struct (null when zero), deletionTimestamp a pointer.</summary>
    public static readonly ProtoMessage ObjectMeta = new ProtoMessage()
        .Add(1, "name", ProtoKind.String)
        .Add(2, "generateName", ProtoKind.String)
        .Add(3, "namespace", ProtoKind.String)
        .Add(4, "selfLink", ProtoKind.String)
        .Add(5, "uid", ProtoKind.String)
        .Add(6, "resourceVersion", ProtoKind.String)
        .Add(7, "generation", ProtoKind.Int64)
        .Add(8, "creationTimestamp", ProtoKind.Time, Presence.Always)
        .Add(9, "deletionTimestamp", ProtoKind.Time, Presence.Pointer)
        .Add(10, "deletionGracePeriodSeconds", ProtoKind.Int64, Presence.Pointer)
        .Add(11, "labels", ProtoKind.StringMap)
        .Add(12, "annotations", ProtoKind.StringMap)
        .Add(13, "ownerReferences", OwnerReference, repeated: true)
        .Strings(14, "finalizers")
        .Add(17, "managedFields", ManagedFieldsEntry, repeated: true);

    /// <summary>Preconditions: both pointers.</summary>
    public static readonly ProtoMessage Preconditions = new ProtoMessage()
        .Add(1, "uid", ProtoKind.String, Presence.Pointer)
        .Add(2, "resourceVersion", ProtoKind.String, Presence.Pointer);

    /// <summary>DeleteOptions: every field a pointer but dryRun.</summary>
    public static readonly ProtoMessage DeleteOptions = new ProtoMessage()
        .Add(1, "gracePeriodSeconds", ProtoKind.Int64, Presence.Pointer)
        .Add(2, "preconditions", Preconditions, Presence.Pointer)
        .Add(3, "orphanDependents", ProtoKind.Bool, Presence.Pointer)
        .Add(4, "propagationPolicy", ProtoKind.String, Presence.Pointer)
        .Strings(5, "dryRun")
        .Add(6, "ignoreStoreReadErrorWithClusterBreakingPotential", ProtoKind.Bool, Presence.Pointer);

    /// <summary>LabelSelectorRequirement: key and operator have no omitempty.</summary>
    private static readonly ProtoMessage LabelSelectorRequirement = new ProtoMessage()
        .Add(1, "key", ProtoKind.String, Presence.Always)
        .Add(2, "operator", ProtoKind.String, Presence.Always)
        .Strings(3, "values");

    /// <summary>LabelSelector {matchLabels = 1, matchExpressions = 2}, both omitempty.</summary>
    public static readonly ProtoMessage LabelSelector = new ProtoMessage()
        .Add(1, "matchLabels", ProtoKind.StringMap)
        .List(2, "matchExpressions", LabelSelectorRequirement);

    /// <summary>metav1.Condition (status conditions of newer kinds): every field but observedGeneration is required.</summary>
    public static readonly ProtoMessage Condition = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "status", ProtoKind.String, Presence.Always)
        .Add(3, "observedGeneration", ProtoKind.Int64)
        .Add(4, "lastTransitionTime", ProtoKind.Time, Presence.Always)
        .Add(5, "reason", ProtoKind.String, Presence.Always)
        .Add(6, "message", ProtoKind.String, Presence.Always);
}
