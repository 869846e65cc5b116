using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers.Volumes;

/// <summary>A pod's volume backed by a claim: the volume's name in the pod and the claim's name.</summary>
public sealed record ClaimVolume(string VolumeName, string ClaimName);

/// <summary>
/// What the scheduler, the kubelet and the volume controllers read about claims and volumes: the claims a pod uses,
/// a claim's class and binding, a persistent volume's CSI source, and the VolumeAttachment name the attach/detach
/// controller gives a CSI volume on a node.
/// </summary>
public static class PodVolumes
{
    /// <summary>The annotation the scheduler sets on a WaitForFirstConsumer claim: the node the pod was placed on.</summary>
    public const string SelectedNode = "volume.kubernetes.io/selected-node";

    /// <summary>The annotation the PV controller sets on a claim it leaves to an external provisioner.</summary>
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";

    /// <summary>The legacy (beta) form of <see cref="StorageProvisioner"/>, still written beside it.</summary>
    public const string BetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";

    /// <summary>The annotation a provisioner sets on the volumes it made.</summary>
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";

    /// <summary>The volumes of <paramref name="pod"/> that name a claim (spec.volumes[].persistentVolumeClaim).</summary>
    public static IReadOnlyList<ClaimVolume> ClaimsOf(JsonObject pod) =>
        [.. (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => v["persistentVolumeClaim"]?["claimName"] is JsonValue)
            .Select(v => new ClaimVolume(Text(v["name"]), Text(v["persistentVolumeClaim"]!["claimName"])))];

    /// <summary>The claim's storage class name, or "" for none.</summary>
    public static string ClassOf(StoredObject claim) => Text(claim.View["spec"]?["storageClassName"]);

    /// <summary>The volume the claim is bound to (spec.volumeName), or "".</summary>
    public static string VolumeNameOf(StoredObject claim) => Text(claim.View["spec"]?["volumeName"]);

    /// <summary>status.phase of a claim or volume.</summary>
    public static string PhaseOf(StoredObject o) => Text(o.View["status"]?["phase"]);

    /// <summary>The class's volumeBindingMode (Immediate when unset).</summary>
    public static string BindingModeOf(StoredObject? storageClass) =>
        Text(storageClass?.View["volumeBindingMode"]) is { Length: > 0 } mode ? mode : "Immediate";

    /// <summary>True when the claim's class waits for its first consumer before a volume is bound or provisioned.</summary>
    public static bool WaitsForFirstConsumer(IControllerClient reader, StoredObject claim) =>
        ClassOf(claim) is { Length: > 0 } name && BindingModeOf(reader.Get(BuiltInResources.StorageClasses, "", name)) == "WaitForFirstConsumer";

    /// <summary>The CSI source of a persistent volume (spec.csi): its driver and volume handle; null for other kinds.</summary>
    public static (string Driver, string Handle)? CsiSourceOf(StoredObject volume) =>
        volume.View["spec"]?["csi"] is JsonObject csi ? (Text(csi["driver"]), Text(csi["volumeHandle"])) : null;

    /// <summary>
    /// The name of the VolumeAttachment of a CSI volume on a node: <c>csi-</c> and the hex SHA-256 of the volume handle,
    /// the driver and the node name run together, as the kubelet's CSI attacher names it.
    /// </summary>
    public static string AttachmentName(string handle, string driver, string nodeName) =>
        "csi-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(handle + driver + nodeName)));

    /// <summary>metadata.annotations of <paramref name="obj"/>, made when missing (for writes).</summary>
    public static JsonObject AnnotationsOf(JsonObject obj)
    {
        var meta = Rest.Meta.Of(obj);
        return meta["annotations"] as JsonObject ?? (JsonObject)(meta["annotations"] = new JsonObject());
    }

    /// <summary>The string value of a JSON node, or "".</summary>
    public static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
