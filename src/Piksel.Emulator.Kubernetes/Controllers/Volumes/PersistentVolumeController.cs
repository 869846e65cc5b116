using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Kubernetes.Controllers.Volumes;

/// <summary>
/// kube-controller-manager's persistent volume controller (pkg/controller/volume/persistentvolume): binds a claim to the
/// volume whose claimRef names it (what a provisioner creates) or, for classes that bind at once, to the smallest
/// Available volume of its class that is big enough; marks both Bound; leaves a claim it cannot bind to its class's
/// external provisioner (<c>volume.kubernetes.io/storage-provisioner</c>) — for WaitForFirstConsumer classes only once the
/// scheduler has chosen a node —; and releases a volume whose claim is gone. A released volume of reclaim policy Delete
/// that a provisioner made is left to that provisioner to delete, as upstream does for CSI volumes.
/// </summary>
public sealed class PersistentVolumeController(ControllerContext context) : ReconcileLoop(context)
{
    /// <summary>The component name in the controller's events.</summary>
    public const string Component = "persistentvolume-controller";

    private readonly EventRecorder events = new(context.Client, context.Time, Component);

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() =>
        [BuiltInResources.PersistentVolumeClaims, BuiltInResources.PersistentVolumes, BuiltInResources.StorageClasses];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        var type = o.Type.GroupResource;
        if (type == BuiltInResources.PersistentVolumeClaims.GroupResource)
        {
            enqueue(new ObjectKey(BuiltInResources.PersistentVolumeClaims, o.Namespace, o.Name));
            // The volumes that name a deleted claim are released.
            if (change.Type == WatchEvent.Deleted)
            {
                foreach (var volume in Client.List(BuiltInResources.PersistentVolumes, null).Items.Where(v => ClaimRefNames(v, o)))
                    enqueue(new ObjectKey(BuiltInResources.PersistentVolumes, "", volume.Name));
            }
            return;
        }
        if (type == BuiltInResources.PersistentVolumes.GroupResource)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.PersistentVolumes, "", o.Name));
            var claimRef = o.View["spec"]?["claimRef"];
            if (claimRef is JsonObject) enqueue(new ObjectKey(BuiltInResources.PersistentVolumeClaims, Text(claimRef["namespace"]), Text(claimRef["name"])));
            return;
        }
        // A class that appears may let pending claims of it go on.
        foreach (var claim in Client.List(BuiltInResources.PersistentVolumeClaims, null).Items.Where(c => ClassOf(c) == o.Name && VolumeNameOf(c).Length == 0))
            enqueue(new ObjectKey(BuiltInResources.PersistentVolumeClaims, claim.Namespace, claim.Name));
    }

    /// <inheritdoc />
    protected override Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        key.Type == BuiltInResources.PersistentVolumes ? SyncVolumeAsync(key.Name, cancellationToken) : SyncClaimAsync(key, cancellationToken);

    private async Task SyncClaimAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.PersistentVolumeClaims, key.Namespace, key.Name) is not { } claim || claim.IsDeleting()) return;
        var volumeName = VolumeNameOf(claim);
        if (volumeName.Length > 0)
        {
            await SyncBoundClaimAsync(claim, volumeName, cancellationToken);
            return;
        }
        var volumes = Client.List(BuiltInResources.PersistentVolumes, null).Items;
        // A volume made for this claim (its claimRef names it) binds first, whatever the class's binding mode.
        var volume = volumes.FirstOrDefault(v => ClaimRefNames(v, claim) && (ClaimRefUid(v) is "" || ClaimRefUid(v) == claim.Uid()))
            ?? (WaitsForFirstConsumer(Client, claim) && !claim.Annotations.ContainsKey(SelectedNode) ? null : Matching(claim, volumes));
        if (volume is not null)
        {
            await BindAsync(claim, volume, cancellationToken);
            return;
        }
        await LeaveToProvisionerAsync(claim, cancellationToken);
    }

    /// <summary>The smallest Available volume of the claim's class, with room and the access modes it asks for, and no claimRef.</summary>
    private static StoredObject? Matching(StoredObject claim, IEnumerable<StoredObject> volumes)
    {
        var wanted = PodResources.Parse(claim.View["spec"]?["resources"]?["requests"]?["storage"]);
        var modes = Strings(claim.View["spec"]?["accessModes"]);
        return volumes
            .Where(v => v.View["spec"]?["claimRef"] is null && !v.IsDeleting() && PhaseOf(v) is "" or "Available" or "Pending")
            .Where(v => Text(v.View["spec"]?["storageClassName"]) == ClassOf(claim))
            .Where(v => modes.All(Strings(v.View["spec"]?["accessModes"]).Contains))
            .Select(v => (Volume: v, Size: PodResources.Parse(v.View["spec"]?["capacity"]?["storage"])))
            .Where(v => v.Size >= wanted)
            .OrderBy(v => v.Size).ThenBy(v => v.Volume.Name, StringComparer.Ordinal)
            .Select(v => v.Volume).FirstOrDefault();
    }

    /// <summary>Points the volume's claimRef at the claim (when it does not already), then the claim's volumeName at the volume.</summary>
    private async Task BindAsync(StoredObject claim, StoredObject volume, CancellationToken cancellationToken)
    {
        if (ClaimRefUid(volume) != claim.Uid())
        {
            volume = await Client.UpdateAsync(volume, o =>
            {
                ((JsonObject)o["spec"]!)["claimRef"] = new JsonObject
                {
                    ["kind"] = "PersistentVolumeClaim",
                    ["namespace"] = claim.Namespace,
                    ["name"] = claim.Name,
                    ["uid"] = claim.Uid(),
                    ["apiVersion"] = "v1",
                    ["resourceVersion"] = claim.VersionString(),
                };
                AnnotationsOf(o)["pv.kubernetes.io/bound-by-controller"] = "yes";
            }, cancellationToken: cancellationToken);
        }
        claim = await Client.UpdateAsync(claim, o =>
        {
            ((JsonObject)o["spec"]!)["volumeName"] = volume.Name;
            var annotations = AnnotationsOf(o);
            annotations["pv.kubernetes.io/bind-completed"] = "yes";
            if (Text(volume.View["spec"]?["claimRef"]?["uid"]) == "" || volume.Annotations.ContainsKey("pv.kubernetes.io/bound-by-controller"))
                annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        }, cancellationToken: cancellationToken);
        await SyncBoundClaimAsync(claim, volume.Name, cancellationToken);
    }

    /// <summary>A claim naming a volume: both Bound when the volume's claimRef is this claim, the claim Lost when the volume is gone.</summary>
    private async Task SyncBoundClaimAsync(StoredObject claim, string volumeName, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.PersistentVolumes, "", volumeName) is not { } volume)
        {
            if (PhaseOf(claim) != "Bound") return;
            await Client.UpdateStatusAsync(claim, o => ((JsonObject)o["status"]!)["phase"] = "Lost", cancellationToken);
            await events.RecordAsync(claim, "Warning", "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!", cancellationToken);
            return;
        }
        if (ClaimRefUid(volume) is { Length: > 0 } uid && uid != claim.Uid()) return;
        if (PhaseOf(volume) != "Bound")
            await Client.UpdateStatusAsync(volume, o => o["status"] = new JsonObject { ["phase"] = "Bound", ["lastPhaseTransitionTime"] = Meta.Timestamp(Context.Time.GetUtcNow()) }, cancellationToken);
        if (PhaseOf(claim) == "Bound") return;
        await Client.UpdateStatusAsync(claim, o => o["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = volume.View["spec"]?["accessModes"]?.DeepClone(),
            ["capacity"] = volume.View["spec"]?["capacity"]?.DeepClone(),
        }, cancellationToken);
    }

    /// <summary>
    /// A claim no volume fits: its class's provisioner is named on it (for WaitForFirstConsumer classes once a node is
    /// selected) and the event upstream records says what it waits for.
    /// </summary>
    private async Task LeaveToProvisionerAsync(StoredObject claim, CancellationToken cancellationToken)
    {
        if (PhaseOf(claim) != "Pending") claim = await Client.UpdateStatusAsync(claim, o => o["status"] = new JsonObject { ["phase"] = "Pending" }, cancellationToken);
        var className = ClassOf(claim);
        if (className.Length == 0)
        {
            await events.RecordAsync(claim, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set", cancellationToken);
            return;
        }
        if (Client.Get(BuiltInResources.StorageClasses, "", className) is not { } storageClass)
        {
            await events.RecordAsync(claim, "Warning", "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found", cancellationToken);
            return;
        }
        var provisioner = Text(storageClass.View["provisioner"]);
        if (provisioner == "kubernetes.io/no-provisioner")
        {
            await events.RecordAsync(claim, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set", cancellationToken);
            return;
        }
        if (BindingModeOf(storageClass) == "WaitForFirstConsumer" && !claim.Annotations.ContainsKey(SelectedNode))
        {
            await events.RecordAsync(claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding", cancellationToken);
            return;
        }
        if (claim.Annotations.GetValueOrDefault(StorageProvisioner) != provisioner)
        {
            claim = await Client.UpdateAsync(claim, o =>
            {
                var annotations = AnnotationsOf(o);
                annotations[StorageProvisioner] = provisioner;
                annotations[BetaStorageProvisioner] = provisioner;
            }, cancellationToken: cancellationToken);
            await events.RecordAsync(claim, "Normal", "ExternalProvisioning",
                $"Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
                cancellationToken);
        }
    }

    /// <summary>
    /// A volume: Available without a claimRef, Bound while its claim names it, Released once the claim is gone — then
    /// kept (Retain), left to its provisioner (Delete, provisioned), or Failed (Delete with nothing that can delete it).
    /// </summary>
    private async Task SyncVolumeAsync(string name, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.PersistentVolumes, "", name) is not { } volume || volume.IsDeleting()) return;
        var claimRef = volume.View["spec"]?["claimRef"] as JsonObject;
        if (claimRef is null)
        {
            await SetPhaseAsync(volume, "Available", null, cancellationToken);
            return;
        }
        var claim = Client.Get(BuiltInResources.PersistentVolumeClaims, Text(claimRef["namespace"]), Text(claimRef["name"]));
        var uid = Text(claimRef["uid"]);
        if (claim is not null && (uid.Length == 0 || uid == claim.Uid()))
        {
            // Bound once the claim names it; until then the claim's sync binds it.
            if (VolumeNameOf(claim) == name) await SetPhaseAsync(volume, "Bound", null, cancellationToken);
            return;
        }
        if (claim is null && uid.Length == 0) return;
        var policy = Text(volume.View["spec"]?["persistentVolumeReclaimPolicy"]) is { Length: > 0 } p ? p : "Retain";
        if (policy == "Delete" && !volume.Annotations.ContainsKey(ProvisionedBy))
        {
            await SetPhaseAsync(volume, "Failed", $"error getting deleter volume plugin for volume \"{name}\": no deletable volume plugin matched", cancellationToken);
            await events.RecordAsync(volume, "Warning", "VolumeFailedDelete", $"error getting deleter volume plugin for volume \"{name}\": no deletable volume plugin matched", cancellationToken);
            return;
        }
        await SetPhaseAsync(volume, "Released", null, cancellationToken);
    }

    private async Task SetPhaseAsync(StoredObject volume, string phase, string? message, CancellationToken cancellationToken)
    {
        if (PhaseOf(volume) == phase) return;
        await Client.UpdateStatusAsync(volume, o =>
        {
            var status = new JsonObject { ["phase"] = phase, ["lastPhaseTransitionTime"] = Meta.Timestamp(Context.Time.GetUtcNow()) };
            if (message is not null) status["message"] = message;
            o["status"] = status;
        }, cancellationToken);
    }

    private static bool ClaimRefNames(StoredObject volume, StoredObject claim) =>
        volume.View["spec"]?["claimRef"] is JsonObject r && Text(r["namespace"]) == claim.Namespace && Text(r["name"]) == claim.Name;

    private static string ClaimRefUid(StoredObject volume) => Text(volume.View["spec"]?["claimRef"]?["uid"]);

    private static List<string> Strings(JsonNode? array) => [.. (array as JsonArray ?? []).Select(Text)];
}
