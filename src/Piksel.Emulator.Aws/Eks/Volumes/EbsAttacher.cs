using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Aws.Eks.Volumes;

/// <summary>
/// The EBS CSI controller's csi-attacher: a VolumeAttachment for <c>ebs.csi.aws.com</c> is held by the attacher's
/// finalizer, its volume attached (AttachVolume as the driver's IRSA role) to the instance of the node's providerID
/// (<c>aws:///&lt;zone&gt;/&lt;instance id&gt;</c>) at the next free device from <c>/dev/xvdaa</c>, and reported attached
/// once EC2 says so; a node with no instance behind it (Fargate's, the simulated node) gets the attach error. A deleted
/// attachment is detached (DetachVolume) and let go once EC2 reports the volume detached.
/// </summary>
internal sealed class EbsAttacher(ControllerContext context, Uri awsEndpoint) : ReconcileLoop(context), IDisposable
{
    /// <summary>The finalizer external-attacher puts on the attachments it handles.</summary>
    public const string Finalizer = "external-attacher/ebs-csi-aws-com";

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private readonly EbsEc2Client ec2 = new(context, awsEndpoint);

    /// <inheritdoc />
    public void Dispose() => ec2.Dispose();

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.VolumeAttachments];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.VolumeAttachments, "", change.Object.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.VolumeAttachments, "", key.Name) is not { } attachment) return;
        if (Text(attachment.View["spec"]?["attacher"]) != EbsCsiController.DriverName) return;
        if (Client.Get(BuiltInResources.CsiDrivers, "", EbsCsiController.DriverName) is null) return;
        if (attachment.IsDeleting())
        {
            await DetachAsync(key, attachment, cancellationToken);
            return;
        }
        if (Attached(attachment)) return;
        if (!attachment.Finalizers().Contains(Finalizer))
            attachment = await Client.UpdateAsync(attachment, o => ((JsonArray)(Meta.Of(o)["finalizers"] ??= new JsonArray())).Add(Finalizer), cancellationToken: cancellationToken);
        var nodeName = Text(attachment.View["spec"]?["nodeName"]);
        var volumeName = Text(attachment.View["spec"]?["source"]?["persistentVolumeName"]);
        if (Client.Get(BuiltInResources.PersistentVolumes, "", volumeName) is not { } volume || CsiSourceOf(volume) is not var (_, volumeId))
        {
            await FailAsync(attachment, $"persistentvolume \"{volumeName}\" not found", cancellationToken);
            return;
        }
        if (InstanceOf(nodeName) is not { } instanceId)
        {
            // The node plugin registers the instance as the node's CSI id; a node without one has no driver to attach to.
            await FailAsync(attachment, $"CSINode {nodeName} does not contain driver {EbsCsiController.DriverName}", cancellationToken);
            return;
        }
        try
        {
            var state = await ec2.DescribeVolumeAsync(volumeId, cancellationToken);
            if (state?.InstanceId != instanceId || state.AttachmentState is "detaching" or "detached")
            {
                var used = await ec2.DevicesInUseAsync(instanceId, cancellationToken);
                var device = Devices().First(d => !used.Contains(d));
                await ec2.CallAsync("AttachVolume", new Dictionary<string, string> { ["VolumeId"] = volumeId, ["InstanceId"] = instanceId, ["Device"] = device }, cancellationToken);
                state = await ec2.DescribeVolumeAsync(volumeId, cancellationToken);
            }
            if (state?.AttachmentState != "attached")
            {
                EnqueueAfter(key, Poll);
                return;
            }
            await Client.UpdateStatusAsync(attachment, o => o["status"] = new JsonObject
            {
                ["attached"] = true,
                ["attachmentMetadata"] = new JsonObject { ["devicePath"] = state.Device },
            }, cancellationToken);
        }
        catch (ProviderException e)
        {
            await FailAsync(attachment, $"rpc error: code = Internal desc = Could not attach volume \"{volumeId}\" to node \"{instanceId}\": {e.Message}", cancellationToken);
        }
    }

    /// <summary>Detaches the volume of a deleted attachment, and lets the attachment go once EC2 reports it detached.</summary>
    private async Task DetachAsync(ObjectKey key, StoredObject attachment, CancellationToken cancellationToken)
    {
        if (!attachment.Finalizers().Contains(Finalizer)) return;
        var volumeName = Text(attachment.View["spec"]?["source"]?["persistentVolumeName"]);
        var instanceId = InstanceOf(Text(attachment.View["spec"]?["nodeName"]));
        var volumeId = Client.Get(BuiltInResources.PersistentVolumes, "", volumeName) is { } volume && CsiSourceOf(volume) is var (_, handle) ? handle : null;
        if (volumeId is not null && instanceId is not null)
        {
            try
            {
                var state = await ec2.DescribeVolumeAsync(volumeId, cancellationToken);
                if (state?.InstanceId == instanceId && state.AttachmentState is "attaching" or "attached")
                    await ec2.CallAsync("DetachVolume", new Dictionary<string, string> { ["VolumeId"] = volumeId, ["InstanceId"] = instanceId }, cancellationToken);
                state = await ec2.DescribeVolumeAsync(volumeId, cancellationToken);
                if (state?.InstanceId == instanceId && state.AttachmentState is not (null or "detached"))
                {
                    EnqueueAfter(key, Poll);
                    return;
                }
            }
            catch (ProviderException e)
            {
                await Client.UpdateStatusAsync(attachment, o => ((JsonObject)(o["status"] ??= new JsonObject()))["detachError"] = Error(e.Message), cancellationToken);
                EnqueueAfter(key, RetryAfter);
                return;
            }
        }
        await Client.UpdateAsync(attachment, o =>
        {
            if (Meta.Of(o)["finalizers"] is JsonArray finalizers)
                Meta.Of(o)["finalizers"] = new JsonArray([.. finalizers.Where(f => f?.GetValue<string>() != Finalizer).Select(f => f!.DeepClone())]);
        }, cancellationToken: cancellationToken);
    }

    private async Task FailAsync(StoredObject attachment, string message, CancellationToken cancellationToken)
    {
        if (Text(attachment.View["status"]?["attachError"]?["message"]) != message)
            await Client.UpdateStatusAsync(attachment, o => o["status"] = new JsonObject { ["attached"] = false, ["attachError"] = Error(message) }, cancellationToken);
        EnqueueAfter(new ObjectKey(BuiltInResources.VolumeAttachments, "", attachment.Name), RetryAfter);
    }

    private JsonObject Error(string message) => new() { ["time"] = Meta.Timestamp(Context.Time.GetUtcNow()), ["message"] = message };

    private static bool Attached(StoredObject attachment) => attachment.View["status"]?["attached"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>The instance id in the node's providerID (<c>aws:///&lt;zone&gt;/i-…</c>), or null.</summary>
    private string? InstanceOf(string nodeName)
    {
        var providerId = Text(Client.Get(BuiltInResources.Nodes, "", nodeName)?.View["spec"]?["providerID"]);
        if (!providerId.StartsWith("aws:///", StringComparison.Ordinal)) return null;
        var id = providerId[(providerId.LastIndexOf('/') + 1)..];
        return id.StartsWith("i-", StringComparison.Ordinal) ? id : null;
    }

    /// <summary>The device names the driver hands out: /dev/xvdaa, /dev/xvdab, … /dev/xvdzz.</summary>
    private static IEnumerable<string> Devices()
    {
        for (var first = 'a'; first <= 'z'; first++)
            for (var second = 'a'; second <= 'z'; second++) yield return $"/dev/xvd{first}{second}";
    }
}
