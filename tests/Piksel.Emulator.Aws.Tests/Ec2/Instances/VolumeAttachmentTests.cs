using Amazon.EC2;
using Amazon.EC2.Model;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>AttachVolume and DetachVolume on the emulator's clock, and what they refuse.</summary>
public sealed class VolumeAttachmentTests
{
    [Fact]
    public async Task A_volume_attaches_is_in_use_until_detached_and_only_then_deletes()
    {
        await using var lab = await InstanceLab.StartAsync();
        var instance = Assert.Single((await lab.Root.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = InstanceLab.Image.ImageId,
            InstanceType = InstanceType.M5Large,
            SubnetId = lab.SubnetA,
            MinCount = 1,
            MaxCount = 1,
        }, Ct)).Reservation.Instances).InstanceId;
        var volume = (await lab.Root.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-west-2a", Size = 10, VolumeType = VolumeType.Gp3 }, Ct)).Volume.VolumeId;
        var elsewhere = (await lab.Root.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-west-2b", Size = 10 }, Ct)).Volume.VolumeId;

        await Fails(() => lab.Root.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = elsewhere, InstanceId = instance, Device = "/dev/xvdba" }, Ct), "InvalidVolume.ZoneMismatch");
        await Fails(() => lab.Root.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = volume, InstanceId = instance, Device = "xvdba" }, Ct), "InvalidParameterValue");
        var attached = (await lab.Root.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = volume, InstanceId = instance, Device = "/dev/xvdba" }, Ct)).Attachment;
        Assert.Equal((VolumeAttachmentState.Attaching, "/dev/xvdba"), (attached.State, attached.Device));
        await Fails(() => lab.Root.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = volume, InstanceId = instance, Device = "/dev/xvdbb" }, Ct), "VolumeInUse");
        lab.Clock.Advance(TimeSpan.FromSeconds(3));
        var inUse = await lab.VolumeAsync(volume);
        Assert.Equal((VolumeState.InUse, VolumeAttachmentState.Attached, instance), (inUse.State, Assert.Single(inUse.Attachments).State, inUse.Attachments[0].InstanceId));
        var byAttachment = await lab.Root.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("attachment.instance-id", [instance])] }, Ct);
        Assert.Contains(byAttachment.Volumes, v => v.VolumeId == volume);
        Assert.Contains((await lab.InstanceAsync(instance)).BlockDeviceMappings, m => m.DeviceName == "/dev/xvdba" && m.Ebs.VolumeId == volume);

        await Fails(() => lab.Root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume }, Ct), "VolumeInUse");
        var detaching = (await lab.Root.DetachVolumeAsync(new DetachVolumeRequest { VolumeId = volume, InstanceId = instance }, Ct)).Attachment;
        Assert.Equal(VolumeAttachmentState.Detaching, detaching.State);
        await Fails(() => lab.Root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume }, Ct), "VolumeInUse");
        lab.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(VolumeState.Available, (await lab.VolumeAsync(volume)).State);
        await Fails(() => lab.Root.DetachVolumeAsync(new DetachVolumeRequest { VolumeId = volume }, Ct), "IncorrectState");
        await lab.Root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume }, Ct);
    }

    [Fact]
    public async Task A_data_volume_detaches_when_its_instance_terminates()
    {
        await using var lab = await InstanceLab.StartAsync();
        var instance = Assert.Single((await lab.Root.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = InstanceLab.Image.ImageId,
            InstanceType = InstanceType.M5Large,
            SubnetId = lab.SubnetA,
            MinCount = 1,
            MaxCount = 1,
        }, Ct)).Reservation.Instances).InstanceId;
        var volume = (await lab.Root.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-west-2a", Size = 10 }, Ct)).Volume.VolumeId;
        await lab.Root.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = volume, InstanceId = instance, Device = "/dev/xvdbc" }, Ct);
        lab.Clock.Advance(TimeSpan.FromSeconds(3));
        await lab.Root.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance] }, Ct);
        lab.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(VolumeState.Available, (await lab.VolumeAsync(volume)).State);
        await Fails(() => lab.Root.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = volume, InstanceId = instance, Device = "/dev/xvdbc" }, Ct), "IncorrectState");
    }
}
