using System.Text.RegularExpressions;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// AttachVolume and DetachVolume: authorized on the volume and on the instance (each with its tags), as EC2 does;
/// attaching and detaching take <see cref="InstanceStates.AttachTransition"/> on the emulator's clock.
/// </summary>
internal sealed partial class VolumeAttachmentOperations(Ec2Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("AttachVolume", "ec2:AttachVolume", AttachVolume)
        .Add("DetachVolume", "ec2:DetachVolume", DetachVolume);

    /// <summary>The attachment of <paramref name="volume"/> that still holds it (attaching, attached or detaching), or null.</summary>
    public static VolumeAttachment? Holding(VolumeRecord volume, DateTimeOffset now) =>
        volume.Attachment is { } a && InstanceStates.Of(a, now) != "detached" ? a : null;

    private OperationCall AttachVolume(AwsRequestContext context)
    {
        var query = context.Query;
        var device = query.Get("Device") ?? throw Ec2Errors.MissingParameter("Device");
        var volume = store.Volume(context, query.Get("VolumeId") ?? throw Ec2Errors.MissingParameter("VolumeId"));
        var instance = store.Instance(context, query.Get("InstanceId") ?? throw Ec2Errors.MissingParameter("InstanceId"));
        if (!DeviceName().IsMatch(device)) throw Ec2Errors.InvalidParameterValue($"Value ({device}) for parameter device is invalid. {device} is not a valid EBS device name.");
        var call = Answer(context, new Access(volume.Arn) { ContextKeys = Ec2Store.ResourceKeys(volume) }, () =>
        {
            query.StopIfDryRun();
            var now = context.Time.GetUtcNow();
            var state = InstanceStates.Of(instance, now);
            if (state is not ("pending" or "running"))
                throw new AwsServiceException("IncorrectState", $"Instance '{instance.InstanceId}' is not 'running'.");
            if (volume.AvailabilityZone != instance.AvailabilityZone)
            {
                throw new AwsServiceException("InvalidVolume.ZoneMismatch",
                    $"The volume '{volume.VolumeId}' is not in the same availability zone as instance '{instance.InstanceId}'");
            }

            if (Holding(volume, now) is not null)
                throw new AwsServiceException("VolumeInUse", $"{volume.VolumeId} is already attached to an instance");
            if (store.VolumesOf(context).Any(v => Holding(v, now) is { } a && a.InstanceId == instance.InstanceId && a.Device == device))
                throw Ec2Errors.InvalidParameterValue($"Invalid value '{device}' for unixDevice. Attachment point {device} is already in use");
            var attachment = new VolumeAttachment(instance.InstanceId, device, now, DeleteOnTermination: false);
            store.Volumes.Put(Ec2Store.Row(volume), volume with { Attachment = attachment });
            return xml => Write(xml, volume, attachment, "attaching");
        });
        call.AndAlso("ec2:AttachVolume", new Access(instance.Arn) { ContextKeys = Ec2Store.ResourceKeys(instance) });
        return call;
    }

    private OperationCall DetachVolume(AwsRequestContext context)
    {
        var query = context.Query;
        var volume = store.Volume(context, query.Get("VolumeId") ?? throw Ec2Errors.MissingParameter("VolumeId"));
        var instanceId = query.Get("InstanceId");
        var now = context.Time.GetUtcNow();
        var attachment = Holding(volume, now);
        var instance = (instanceId ?? attachment?.InstanceId) is { } id ? store.Instances.Find(Ec2Store.Row(context.AccountId, context.Region, id)) : null;
        var call = Answer(context, new Access(volume.Arn) { ContextKeys = Ec2Store.ResourceKeys(volume) }, () =>
        {
            query.StopIfDryRun();
            if (attachment is null)
                throw new AwsServiceException("IncorrectState", $"Volume '{volume.VolumeId}' is in the 'available' state.");
            if (instanceId is not null && instanceId != attachment.InstanceId || query.Get("Device") is { } d && d != attachment.Device)
            {
                throw new AwsServiceException("InvalidAttachment.NotFound",
                    $"Volume '{volume.VolumeId}' can not be detached from '{instanceId ?? attachment.InstanceId}' because it is not attached");
            }

            var detaching = attachment.DetachTime is null ? attachment with { DetachTime = now } : attachment;
            store.Volumes.Put(Ec2Store.Row(volume), volume with { Attachment = detaching });
            return xml => Write(xml, volume, detaching, "detaching");
        });
        if (instance is not null) call.AndAlso("ec2:DetachVolume", new Access(instance.Arn) { ContextKeys = Ec2Store.ResourceKeys(instance) });
        return call;
    }

    private static void Write(XmlWriter xml, VolumeRecord volume, VolumeAttachment attachment, string status)
    {
        xml.WriteElementString("attachTime", XmlValues.Timestamp(attachment.AttachTime));
        xml.WriteElementString("device", attachment.Device);
        xml.WriteElementString("instanceId", attachment.InstanceId);
        xml.WriteElementString("status", status);
        xml.WriteElementString("volumeId", volume.VolumeId);
        xml.WriteElementString("deleteOnTermination", XmlValues.Bool(attachment.DeleteOnTermination));
    }

    // Linux device names EC2 accepts for EBS: /dev/sd[a-z] and /dev/xvd[a-z] with an optional second letter.
    [GeneratedRegex("^/dev/(sd|xvd)[a-z]{1,2}$")]
    private static partial Regex DeviceName();
}
