using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Kubernetes.Controllers.Volumes;

/// <summary>
/// kube-controller-manager's attach/detach controller for CSI volumes: every bound CSI volume a scheduled, unfinished pod
/// uses gets a VolumeAttachment for its node (named as <see cref="PodVolumes.AttachmentName"/>), unless its CSIDriver
/// says attachRequired false; an attachment no pod needs any more is deleted (the driver's attacher then detaches and
/// lets it go). What the attacher reports is told on the pods: SuccessfulAttachVolume, or FailedAttachVolume with its
/// attachError.
/// </summary>
public sealed class AttachDetachController(ControllerContext context) : ReconcileLoop(context)
{
    /// <summary>The component name in the controller's events.</summary>
    public const string Component = "attachdetach-controller";

    private static readonly ObjectKey Everything = new(BuiltInResources.VolumeAttachments, "", "*");

    private readonly EventRecorder events = new(context.Client, context.Time, Component);

    // What has been told about each attachment (its state), so a pass tells a change once.
    private readonly Dictionary<string, string> told = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() =>
        [BuiltInResources.Pods, BuiltInResources.PersistentVolumeClaims, BuiltInResources.PersistentVolumes, BuiltInResources.VolumeAttachments, BuiltInResources.CsiDrivers];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue) => enqueue(Everything);

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var wanted = Desired();
        var existing = Client.List(BuiltInResources.VolumeAttachments, null).Items.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var (name, need) in wanted)
        {
            if (existing.TryGetValue(name, out var attachment))
            {
                await TellAsync(attachment, need, cancellationToken);
                continue;
            }
            await Client.CreateIfAbsentAsync(BuiltInResources.VolumeAttachments, "", name, new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1",
                ["kind"] = "VolumeAttachment",
                ["metadata"] = new JsonObject(),
                ["spec"] = new JsonObject
                {
                    ["attacher"] = need.Driver,
                    ["nodeName"] = need.Node,
                    ["source"] = new JsonObject { ["persistentVolumeName"] = need.Volume },
                },
            }, cancellationToken);
        }
        foreach (var (name, attachment) in existing)
        {
            if (wanted.ContainsKey(name) || attachment.IsDeleting()) continue;
            told.Remove(name);
            await Client.DeleteAsync(attachment, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The attachments the scheduled pods need, by name.</summary>
    private Dictionary<string, Need> Desired()
    {
        var wanted = new Dictionary<string, Need>(StringComparer.Ordinal);
        foreach (var pod in Client.List(BuiltInResources.Pods, null).Items)
        {
            if (Text(pod.View["spec"]?["nodeName"]) is not { Length: > 0 } node || WorkloadPods.Phase(pod) is "Succeeded" or "Failed") continue;
            foreach (var claimVolume in ClaimsOf(pod.View))
            {
                if (Client.Get(BuiltInResources.PersistentVolumeClaims, pod.Namespace, claimVolume.ClaimName) is not { } claim) continue;
                if (VolumeNameOf(claim) is not { Length: > 0 } volumeName || Client.Get(BuiltInResources.PersistentVolumes, "", volumeName) is not { } volume) continue;
                if (CsiSourceOf(volume) is not var (driver, handle) || !AttachRequired(driver)) continue;
                var name = AttachmentName(handle, driver, node);
                if (!wanted.TryGetValue(name, out var need)) wanted[name] = need = new Need(driver, node, volumeName, []);
                need.Pods.Add(pod);
            }
        }
        return wanted;
    }

    /// <summary>A CSIDriver object can say its volumes need no attaching; without one, attaching is required.</summary>
    private bool AttachRequired(string driver) =>
        Client.Get(BuiltInResources.CsiDrivers, "", driver)?.View["spec"]?["attachRequired"] is not JsonValue v || !v.TryGetValue<bool>(out var required) || required;

    /// <summary>Tells the pods about an attachment that succeeded or failed since it was last looked at.</summary>
    private async Task TellAsync(StoredObject attachment, Need need, CancellationToken cancellationToken)
    {
        var status = attachment.View["status"];
        var attached = status?["attached"] is JsonValue a && a.TryGetValue<bool>(out var b) && b;
        var error = Text(status?["attachError"]?["message"]);
        var state = attached ? "attached" : error.Length > 0 ? "error:" + error : "";
        if (state.Length == 0 || told.GetValueOrDefault(attachment.Name) == state) return;
        told[attachment.Name] = state;
        foreach (var pod in need.Pods)
        {
            if (attached) await events.RecordAsync(pod, "Normal", "SuccessfulAttachVolume", $"AttachVolume.Attach succeeded for volume \"{need.Volume}\" ", cancellationToken);
            else await events.RecordAsync(pod, "Warning", "FailedAttachVolume", $"AttachVolume.Attach failed for volume \"{need.Volume}\" : {error}", cancellationToken);
        }
    }

    /// <summary>One attachment: the driver, the node, the volume and the pods that need it.</summary>
    private sealed record Need(string Driver, string Node, string Volume, List<StoredObject> Pods);
}
