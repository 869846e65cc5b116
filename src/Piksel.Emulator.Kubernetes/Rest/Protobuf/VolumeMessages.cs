namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// core/v1 Volume with the volume sources pods use (configMap, secret, emptyDir, persistentVolumeClaim, projected, hostPath,
/// downwardAPI, csi, ephemeral, image, nfs, awsElasticBlockStore), and the PersistentVolumeClaim a StatefulSet or an
/// ephemeral volume templates; field numbers from k8s.io/api <c>core/v1/generated.proto</c>. Sources not listed are skipped
/// as unknown fields, as proto2 does.
/// </summary>
internal static class VolumeMessages
{
    private static readonly ProtoMessage KeyToPath = new ProtoMessage()
        .Add(1, "key", ProtoKind.String, Presence.Always)
        .Add(2, "path", ProtoKind.String, Presence.Always)
        .Add(3, "mode", ProtoKind.Int32, Presence.Pointer);

    private static readonly ProtoMessage ConfigMapVolumeSource = new ProtoMessage()
        .Inline(1, CoreMessages.LocalObjectReference)
        .List(2, "items", KeyToPath)
        .Add(3, "defaultMode", ProtoKind.Int32, Presence.Pointer)
        .Add(4, "optional", ProtoKind.Bool, Presence.Pointer);

    private static readonly ProtoMessage SecretVolumeSource = new ProtoMessage()
        .Add(1, "secretName", ProtoKind.String)
        .List(2, "items", KeyToPath)
        .Add(3, "defaultMode", ProtoKind.Int32, Presence.Pointer)
        .Add(4, "optional", ProtoKind.Bool, Presence.Pointer);

    private static readonly ProtoMessage EmptyDirVolumeSource = new ProtoMessage()
        .Add(1, "medium", ProtoKind.String)
        .Add(2, "sizeLimit", ProtoKind.Quantity, Presence.Pointer);

    private static readonly ProtoMessage PersistentVolumeClaimVolumeSource = new ProtoMessage()
        .Add(1, "claimName", ProtoKind.String, Presence.Always)
        .Add(2, "readOnly", ProtoKind.Bool);

    private static readonly ProtoMessage HostPathVolumeSource = new ProtoMessage()
        .Add(1, "path", ProtoKind.String, Presence.Always)
        .Add(2, "type", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage DownwardApiVolumeFile = new ProtoMessage()
        .Add(1, "path", ProtoKind.String, Presence.Always)
        .Pointer(2, "fieldRef", ContainerMessages.ObjectFieldSelector)
        .Pointer(3, "resourceFieldRef", ContainerMessages.ResourceFieldSelector)
        .Add(4, "mode", ProtoKind.Int32, Presence.Pointer);

    private static readonly ProtoMessage DownwardApiVolumeSource = new ProtoMessage()
        .List(1, "items", DownwardApiVolumeFile)
        .Add(2, "defaultMode", ProtoKind.Int32, Presence.Pointer);

    private static readonly ProtoMessage CsiVolumeSource = new ProtoMessage()
        .Add(1, "driver", ProtoKind.String, Presence.Always)
        .Add(2, "readOnly", ProtoKind.Bool, Presence.Pointer)
        .Add(3, "fsType", ProtoKind.String, Presence.Pointer)
        .Add(4, "volumeAttributes", ProtoKind.StringMap)
        .Pointer(5, "nodePublishSecretRef", CoreMessages.LocalObjectReference);

    private static readonly ProtoMessage NfsVolumeSource = new ProtoMessage()
        .Add(1, "server", ProtoKind.String, Presence.Always)
        .Add(2, "path", ProtoKind.String, Presence.Always)
        .Add(3, "readOnly", ProtoKind.Bool);

    private static readonly ProtoMessage AwsElasticBlockStoreVolumeSource = new ProtoMessage()
        .Add(1, "volumeID", ProtoKind.String, Presence.Always)
        .Add(2, "fsType", ProtoKind.String)
        .Add(3, "partition", ProtoKind.Int32)
        .Add(4, "readOnly", ProtoKind.Bool);

    private static readonly ProtoMessage ImageVolumeSource = new ProtoMessage()
        .Add(1, "reference", ProtoKind.String)
        .Add(2, "pullPolicy", ProtoKind.String);

    private static readonly ProtoMessage ProjectionOf = new ProtoMessage()
        .Inline(1, CoreMessages.LocalObjectReference)
        .List(2, "items", KeyToPath)
        .Add(4, "optional", ProtoKind.Bool, Presence.Pointer);

    private static readonly ProtoMessage ServiceAccountTokenProjection = new ProtoMessage()
        .Add(1, "audience", ProtoKind.String)
        .Add(2, "expirationSeconds", ProtoKind.Int64, Presence.Pointer)
        .Add(3, "path", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage VolumeProjection = new ProtoMessage()
        .Pointer(1, "secret", ProjectionOf)
        .Pointer(2, "downwardAPI", new ProtoMessage().List(1, "items", DownwardApiVolumeFile))
        .Pointer(3, "configMap", ProjectionOf)
        .Pointer(4, "serviceAccountToken", ServiceAccountTokenProjection);

    // ProjectedVolumeSource.Sources has no omitempty: Go writes null for a nil list.
    private static readonly ProtoMessage ProjectedVolumeSource = new ProtoMessage()
        .Add(1, "sources", VolumeProjection, Presence.Always, repeated: true)
        .Add(2, "defaultMode", ProtoKind.Int32, Presence.Pointer);

    private static readonly ProtoMessage TypedLocalObjectReference = new ProtoMessage()
        .Add(1, "apiGroup", ProtoKind.String, Presence.Pointer)
        .Add(2, "kind", ProtoKind.String, Presence.Always)
        .Add(3, "name", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage TypedObjectReference = new ProtoMessage()
        .Add(1, "apiGroup", ProtoKind.String, Presence.Pointer)
        .Add(2, "kind", ProtoKind.String, Presence.Always)
        .Add(3, "name", ProtoKind.String, Presence.Always)
        .Add(4, "namespace", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage VolumeResourceRequirements = new ProtoMessage()
        .Add(1, "limits", ProtoKind.QuantityMap)
        .Add(2, "requests", ProtoKind.QuantityMap);

    /// <summary>PersistentVolumeClaimSpec: resources is a value struct (always written), the rest omitempty or pointers.</summary>
    public static readonly ProtoMessage PersistentVolumeClaimSpec = new ProtoMessage()
        .Strings(1, "accessModes")
        .Pointer(4, "selector", MetaMessages.LabelSelector)
        .Add(2, "resources", VolumeResourceRequirements)
        .Add(3, "volumeName", ProtoKind.String)
        .Add(5, "storageClassName", ProtoKind.String, Presence.Pointer)
        .Add(6, "volumeMode", ProtoKind.String, Presence.Pointer)
        .Pointer(7, "dataSource", TypedLocalObjectReference)
        .Pointer(8, "dataSourceRef", TypedObjectReference)
        .Add(9, "volumeAttributesClassName", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage PersistentVolumeClaimCondition = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "status", ProtoKind.String, Presence.Always)
        .Add(3, "lastProbeTime", ProtoKind.Time, Presence.Always)
        .Add(4, "lastTransitionTime", ProtoKind.Time, Presence.Always)
        .Add(5, "reason", ProtoKind.String)
        .Add(6, "message", ProtoKind.String);

    // Status is the controllers' to write; these are the fields a copied object carries back.
    private static readonly ProtoMessage PersistentVolumeClaimStatus = new ProtoMessage()
        .Add(1, "phase", ProtoKind.String)
        .Strings(2, "accessModes")
        .Add(3, "capacity", ProtoKind.QuantityMap)
        .List(4, "conditions", PersistentVolumeClaimCondition)
        .Add(5, "allocatedResources", ProtoKind.QuantityMap)
        .Add(7, "allocatedResourceStatuses", ProtoKind.StringMap)
        .Add(8, "currentVolumeAttributesClassName", ProtoKind.String, Presence.Pointer);

    /// <summary>PersistentVolumeClaim (also a StatefulSet's volumeClaimTemplates entry).</summary>
    public static readonly ProtoMessage PersistentVolumeClaim = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", PersistentVolumeClaimSpec)
        .Add(3, "status", PersistentVolumeClaimStatus);

    private static readonly ProtoMessage EphemeralVolumeSource = new ProtoMessage()
        .Pointer(1, "volumeClaimTemplate", new ProtoMessage()
            .Add(1, "metadata", MetaMessages.ObjectMeta)
            .Add(2, "spec", PersistentVolumeClaimSpec));

    private static readonly ProtoMessage VolumeSource = new ProtoMessage()
        .Pointer(1, "hostPath", HostPathVolumeSource)
        .Pointer(2, "emptyDir", EmptyDirVolumeSource)
        .Pointer(4, "awsElasticBlockStore", AwsElasticBlockStoreVolumeSource)
        .Pointer(6, "secret", SecretVolumeSource)
        .Pointer(7, "nfs", NfsVolumeSource)
        .Pointer(10, "persistentVolumeClaim", PersistentVolumeClaimVolumeSource)
        .Pointer(16, "downwardAPI", DownwardApiVolumeSource)
        .Pointer(19, "configMap", ConfigMapVolumeSource)
        .Pointer(26, "projected", ProjectedVolumeSource)
        .Pointer(28, "csi", CsiVolumeSource)
        .Pointer(29, "ephemeral", EphemeralVolumeSource)
        .Pointer(30, "image", ImageVolumeSource);

    /// <summary>Volume: a name and its source inline.</summary>
    public static readonly ProtoMessage Volume = new ProtoMessage()
        .Add(1, "name", ProtoKind.String, Presence.Always)
        .Inline(2, VolumeSource);
}
