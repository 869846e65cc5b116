using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;
using Piksel.Emulator.Kubernetes.Controllers.Volumes;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Aws.Eks.Volumes;

/// <summary>
/// The EBS CSI controller's csi-provisioner: a claim the PV controller left to <c>ebs.csi.aws.com</c> (for a
/// WaitForFirstConsumer class, once the scheduler chose a node) gets an EBS volume in that node's zone (CreateVolume as
/// the driver's IRSA role, <see cref="EbsVolumeRequest"/>) and a PersistentVolume <c>pvc-&lt;claim uid&gt;</c> whose
/// claimRef names the claim, which the PV controller then binds. A released volume of reclaim policy Delete is deleted
/// in EC2 once no VolumeAttachment holds it, then its PersistentVolume. Events are those external-provisioner writes.
/// </summary>
internal sealed class EbsProvisioner(ControllerContext context, Uri awsEndpoint) : ReconcileLoop(context), IDisposable
{
    /// <summary>The provisioner's event source, as external-provisioner names itself (driver, pod, identity).</summary>
    public const string Component = "ebs.csi.aws.com_ebs-csi-controller_piksel";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private readonly EbsEc2Client ec2 = new(context, awsEndpoint);
    private readonly EventRecorder events = new(context.Client, context.Time, Component);

    /// <inheritdoc />
    public void Dispose() => ec2.Dispose();

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() =>
        [BuiltInResources.PersistentVolumeClaims, BuiltInResources.PersistentVolumes, BuiltInResources.VolumeAttachments, BuiltInResources.CsiDrivers];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type.GroupResource == BuiltInResources.PersistentVolumeClaims.GroupResource)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.PersistentVolumeClaims, o.Namespace, o.Name));
            return;
        }
        if (o.Type.GroupResource == BuiltInResources.PersistentVolumes.GroupResource)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.PersistentVolumes, "", o.Name));
            return;
        }
        if (o.Type.GroupResource == BuiltInResources.VolumeAttachments.GroupResource)
        {
            // An attachment gone may let a released volume be deleted.
            if (Text(o.View["spec"]?["source"]?["persistentVolumeName"]) is { Length: > 0 } volume)
                enqueue(new ObjectKey(BuiltInResources.PersistentVolumes, "", volume));
            return;
        }
        // The driver installed: look at every claim again.
        foreach (var claim in Client.List(BuiltInResources.PersistentVolumeClaims, null).Items)
            enqueue(new ObjectKey(BuiltInResources.PersistentVolumeClaims, claim.Namespace, claim.Name));
    }

    /// <inheritdoc />
    protected override Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Without the add-on's CSIDriver there is no driver in the cluster to act.
        if (Client.Get(BuiltInResources.CsiDrivers, "", EbsCsiController.DriverName) is null) return Task.CompletedTask;
        return key.Type == BuiltInResources.PersistentVolumes ? DeleteReleasedAsync(key, cancellationToken) : ProvisionAsync(key, cancellationToken);
    }

    private async Task ProvisionAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.PersistentVolumeClaims, key.Namespace, key.Name) is not { } claim || claim.IsDeleting()) return;
        if (VolumeNameOf(claim).Length > 0 || claim.Annotations.GetValueOrDefault(StorageProvisioner) != EbsCsiController.DriverName) return;
        var volumeName = "pvc-" + claim.Uid();
        if (Client.Get(BuiltInResources.PersistentVolumes, "", volumeName) is not null) return;
        var className = ClassOf(claim);
        if (Client.Get(BuiltInResources.StorageClasses, "", className) is not { } storageClass) return;
        var zone = ZoneOf(claim);
        if (zone is null)
        {
            await events.RecordAsync(claim, "Warning", "ProvisioningFailed",
                $"failed to get target node: node \"{claim.Annotations.GetValueOrDefault(SelectedNode)}\" not found", cancellationToken);
            EnqueueAfter(key, RetryAfter);
            return;
        }
        await events.RecordAsync(claim, "Normal", "Provisioning", $"External provisioner is provisioning volume for claim \"{claim.Namespace}/{claim.Name}\"", cancellationToken);
        EbsVolumeRequest request;
        string volumeId;
        try
        {
            request = EbsVolumeRequest.For(volumeName, zone, PodResources.Parse(claim.View["spec"]?["resources"]?["requests"]?["storage"]), storageClass.View["parameters"] as JsonObject);
            var created = await ec2.CallAsync("CreateVolume", request.Query(claim.Namespace, claim.Name), cancellationToken);
            volumeId = EbsEc2Client.VolumeIdOf(created);
        }
        catch (Exception e) when (e is ProviderException or InvalidVolumeParameterException)
        {
            var code = e is InvalidVolumeParameterException ? "InvalidArgument" : "Internal";
            var detail = e is ProviderException ? $"Could not create volume \"{volumeName}\": could not create volume in EC2: {e.Message}" : e.Message;
            await events.RecordAsync(claim, "Warning", "ProvisioningFailed",
                $"failed to provision volume with StorageClass \"{className}\": rpc error: code = {code} desc = {detail}", cancellationToken);
            EnqueueAfter(key, RetryAfter);
            return;
        }
        await Client.CreateIfAbsentAsync(BuiltInResources.PersistentVolumes, "", volumeName, VolumeObject(claim, storageClass, request, volumeId), cancellationToken);
        await events.RecordAsync(claim, "Normal", "ProvisioningSucceeded", $"Successfully provisioned volume {volumeName}", cancellationToken);
    }

    /// <summary>The zone of the node the scheduler chose (its zone label), or for a claim bound at once the region's first zone.</summary>
    private string? ZoneOf(StoredObject claim)
    {
        if (!claim.Annotations.TryGetValue(SelectedNode, out var nodeName)) return Context.Options.Region + "a";
        var labels = Client.Get(BuiltInResources.Nodes, "", nodeName)?.Labels;
        if (labels is null) return null;
        return labels.GetValueOrDefault("topology.kubernetes.io/zone") ?? labels.GetValueOrDefault(EbsCsiController.ZoneKey) ?? Context.Options.Region + "a";
    }

    private static JsonObject VolumeObject(StoredObject claim, StoredObject storageClass, EbsVolumeRequest request, string volumeId) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolume",
        ["metadata"] = new JsonObject
        {
            ["name"] = request.VolumeName,
            ["annotations"] = new JsonObject
            {
                [ProvisionedBy] = EbsCsiController.DriverName,
                ["volume.kubernetes.io/provisioner-deletion-secret-name"] = "",
                ["volume.kubernetes.io/provisioner-deletion-secret-namespace"] = "",
            },
        },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = claim.View["spec"]?["accessModes"]?.DeepClone(),
            ["capacity"] = new JsonObject { ["storage"] = $"{request.SizeGiB}Gi" },
            ["claimRef"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["name"] = claim.Name,
                ["namespace"] = claim.Namespace,
                ["resourceVersion"] = claim.VersionString(),
                ["uid"] = claim.Uid(),
            },
            ["csi"] = new JsonObject
            {
                ["driver"] = EbsCsiController.DriverName,
                ["fsType"] = request.FsType,
                ["volumeHandle"] = volumeId,
            },
            ["nodeAffinity"] = new JsonObject
            {
                ["required"] = new JsonObject
                {
                    ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                    {
                        ["matchExpressions"] = new JsonArray(new JsonObject
                        {
                            ["key"] = "topology.kubernetes.io/zone",
                            ["operator"] = "In",
                            ["values"] = new JsonArray(request.Zone),
                        }),
                    }),
                },
            },
            ["persistentVolumeReclaimPolicy"] = Text(storageClass.View["reclaimPolicy"]) is { Length: > 0 } policy ? policy : "Delete",
            ["storageClassName"] = storageClass.Name,
            ["volumeMode"] = Text(claim.View["spec"]?["volumeMode"]) is { Length: > 0 } mode ? mode : "Filesystem",
        },
    };

    /// <summary>A Released volume this driver made, of reclaim policy Delete: deleted in EC2 once nothing holds it attached, then its object.</summary>
    private async Task DeleteReleasedAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.PersistentVolumes, "", key.Name) is not { } volume || volume.IsDeleting()) return;
        if (PhaseOf(volume) != "Released" || volume.Annotations.GetValueOrDefault(ProvisionedBy) != EbsCsiController.DriverName) return;
        if (Text(volume.View["spec"]?["persistentVolumeReclaimPolicy"]) != "Delete") return;
        if (CsiSourceOf(volume) is not var (_, volumeId)) return;
        if (Client.List(BuiltInResources.VolumeAttachments, null).Items.Any(a => Text(a.View["spec"]?["source"]?["persistentVolumeName"]) == volume.Name)) return;
        try
        {
            await ec2.CallAsync("DeleteVolume", new Dictionary<string, string> { ["VolumeId"] = volumeId }, cancellationToken);
        }
        catch (ProviderException e) when (e.Code == "InvalidVolume.NotFound")
        {
            // Deleted before: only the object is left.
        }
        catch (ProviderException e)
        {
            await events.RecordAsync(volume, "Warning", "VolumeFailedDelete", $"rpc error: code = Internal desc = Could not delete volume ID \"{volumeId}\": {e.Message}", cancellationToken);
            EnqueueAfter(key, RetryAfter);
            return;
        }
        await Client.DeleteAsync(volume, cancellationToken: cancellationToken);
    }
}
