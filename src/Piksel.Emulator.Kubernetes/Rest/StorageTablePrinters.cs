using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Rest.Tables;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The Table columns of the storage kinds (PersistentVolumeClaim, PersistentVolume, StorageClass, VolumeAttachment)
/// as kube-apiserver prints them, so <c>kubectl get pvc,pv,sc,volumeattachments</c> reads as on a real cluster.
/// </summary>
internal static class StorageTablePrinters
{
    private static readonly Column VolumeAttributesClass = new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc");

    /// <summary>The printer of <paramref name="kind"/> in <paramref name="group"/>, or null when it is not a storage kind printed here.</summary>
    internal static (IReadOnlyList<Column> Columns, TablePrinters.Cells Cells)? For(string group, string kind) => (group, kind) switch
    {
        ("", "PersistentVolumeClaim") => (ClaimColumns, ClaimCells),
        ("", "PersistentVolume") => (VolumeColumns, VolumeCells),
        ("storage.k8s.io", "StorageClass") => ([NameColumn,
                new("Provisioner", "string", "provisioner indicates the type of the provisioner."),
                new("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
                new("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
                new("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."), AgeColumn],
            (o, now) => [IsDefault(o) ? $"{Name(o)} (default)" : Name(o), Str(o["provisioner"]), Or(o["reclaimPolicy"], "Delete"),
                Or(o["volumeBindingMode"], "Immediate"), Bool(o["allowVolumeExpansion"]), Age(o, now)]),
        ("storage.k8s.io", "VolumeAttachment") => ([NameColumn,
                new("Attacher", "string", "attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().", "name"),
                new("PV", "string", "persistentVolumeName represents the name of the persistent volume to attach.", "name"),
                new("Node", "string", "nodeName represents the node that the volume should be attached to.", "name"),
                new("Attached", "boolean", "attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher."), AgeColumn],
            (o, now) => [Name(o), Str(o["spec"]?["attacher"]), Str(o["spec"]?["source"]?["persistentVolumeName"]), Str(o["spec"]?["nodeName"]),
                Bool(o["status"]?["attached"]), Age(o, now)]),
        _ => null,
    };

    private static readonly Column[] ClaimColumns =
    [
        NameColumn,
        new("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
        new("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
        new("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
        new("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
        new("StorageClass", "string", "StorageClass of the pvc"),
        VolumeAttributesClass,
        AgeColumn,
        new("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", Priority: 1),
    ];

    /// <summary>Capacity and access modes come from the status, and only once the claim names its volume.</summary>
    private static IEnumerable<JsonNode?> ClaimCells(JsonObject pvc, DateTimeOffset now)
    {
        var volume = Str(pvc["spec"]?["volumeName"]);
        var bound = volume.Length > 0;
        return
        [
            Name(pvc), Phase(pvc), volume,
            bound ? Or(pvc["status"]?["capacity"]?["storage"], "0") : "",
            bound ? AccessModes(pvc["status"]?["accessModes"]) : "",
            StorageClass(pvc), Or(pvc["spec"]?["volumeAttributesClassName"], "<unset>"), Age(pvc, now), Or(pvc["spec"]?["volumeMode"], "<unset>"),
        ];
    }

    private static readonly Column[] VolumeColumns =
    [
        NameColumn,
        new("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
        new("Access Modes", "string", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
        new("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
        new("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
        new("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
        new("StorageClass", "string", "StorageClass of the pv"),
        VolumeAttributesClass with { Description = "VolumeAttributesClass of the pv" },
        new("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
        AgeColumn,
        new("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.", Priority: 1),
    ];

    private static IEnumerable<JsonNode?> VolumeCells(JsonObject pv, DateTimeOffset now)
    {
        var claim = pv["spec"]?["claimRef"] is JsonObject c ? $"{Str(c["namespace"])}/{Str(c["name"])}" : "";
        return
        [
            Name(pv), Or(pv["spec"]?["capacity"]?["storage"], "0"), AccessModes(pv["spec"]?["accessModes"]), Str(pv["spec"]?["persistentVolumeReclaimPolicy"]),
            Phase(pv), claim, StorageClass(pv), Or(pv["spec"]?["volumeAttributesClassName"], "<unset>"), Str(pv["status"]?["reason"]), Age(pv, now),
            Or(pv["spec"]?["volumeMode"], "<unset>"),
        ];
    }

    /// <summary>A volume or claim being deleted prints Terminating whatever its phase.</summary>
    private static string Phase(JsonObject o) => o["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : Str(o["status"]?["phase"]);

    /// <summary>The deprecated beta annotation still wins over spec.storageClassName, as the API server's helper reads it.</summary>
    private static string StorageClass(JsonObject o) =>
        Str(o["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-class"]) is { Length: > 0 } beta ? beta : Str(o["spec"]?["storageClassName"]);

    /// <summary>The short forms in a fixed order, each once, whatever order and repeats the object lists.</summary>
    internal static string AccessModes(JsonNode? modes)
    {
        var present = (modes as JsonArray ?? []).Select(Str).ToHashSet(StringComparer.Ordinal);
        (string Mode, string Short)[] known = [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")];
        return string.Join(",", known.Where(k => present.Contains(k.Mode)).Select(k => k.Short));
    }

    private static bool IsDefault(JsonObject o) =>
        Str(o["metadata"]?["annotations"]?["storageclass.kubernetes.io/is-default-class"]) == "true"
        || Str(o["metadata"]?["annotations"]?["storageclass.beta.kubernetes.io/is-default-class"]) == "true";

    private static string Or(JsonNode? node, string fallback) => Str(node) is { Length: > 0 } text ? text : fallback;

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
