using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService.Model;
using Piksel.Emulator.Aws.Ec2.Instances;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;
using InstanceLifecycle = Piksel.Emulator.Aws.Ec2.Instances.InstanceLifecycle;
using InstanceStateChange = Piksel.Emulator.Aws.Ec2.Instances.InstanceStateChange;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>RunInstances and TerminateInstances on the emulator's clock: addresses, the encrypted root volume, tags, filters, idempotency.</summary>
public sealed class InstanceLifecycleTests
{
    [Fact]
    public async Task An_instance_runs_with_an_encrypted_root_volume_and_terminates_through_shutting_down()
    {
        await using var lab = await InstanceLab.StartAsync();
        using var kms = lab.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata;

        var run = await lab.Root.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = InstanceLab.Image.ImageId,
            InstanceType = InstanceType.M5Large,
            SubnetId = lab.SubnetA,
            SecurityGroupIds = [lab.Group],
            MinCount = 2,
            MaxCount = 2,
            BlockDeviceMappings = [new BlockDeviceMapping { DeviceName = "/dev/xvda", Ebs = new EbsBlockDevice { VolumeSize = 120, VolumeType = VolumeType.Gp3, Encrypted = true, KmsKeyId = key.KeyId } }],
            TagSpecifications = InstanceLab.Tagged((ResourceType.Instance, "karpenter.sh/nodepool", "default"), (ResourceType.Volume, "team", "a")),
            MetadataOptions = new InstanceMetadataOptionsRequest { HttpTokens = HttpTokensState.Required, HttpPutResponseHopLimit = 2 },
        }, Ct);
        Assert.Equal(2, run.Reservation.Instances.Count);
        var first = run.Reservation.Instances[0];
        Assert.Matches("^i-[0-9a-f]{17}$", first.InstanceId);
        Assert.Equal(InstanceStateName.Pending, first.State.Name);
        Assert.Equal(("us-west-2a", "10.0.1.4", "ip-10-0-1-4.us-west-2.compute.internal"), (first.Placement.AvailabilityZone, first.PrivateIpAddress, first.PrivateDnsName));
        Assert.Equal("10.0.1.5", run.Reservation.Instances[1].PrivateIpAddress);

        lab.Clock.Advance(TimeSpan.FromSeconds(6));
        var running = await lab.InstanceAsync(first.InstanceId);
        Assert.Equal(InstanceStateName.Running, running.State.Name);
        Assert.Equal(HttpTokensState.Required, running.MetadataOptions.HttpTokens);
        Assert.Contains(running.Tags, t => t.Key == "karpenter.sh/nodepool" && t.Value == "default");
        var root = Assert.Single(running.BlockDeviceMappings);
        Assert.Equal(("/dev/xvda", AttachmentStatus.Attached), (root.DeviceName, root.Ebs.Status));
        var volume = await lab.VolumeAsync(root.Ebs.VolumeId);
        Assert.Equal((120, "gp3", true, key.Arn, "in-use", "us-west-2a"), (volume.Size, volume.VolumeType.Value, volume.Encrypted, volume.KmsKeyId, volume.State.Value, volume.AvailabilityZone));
        Assert.Contains(volume.Tags, t => t.Key == "team");

        var filtered = await lab.Root.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("tag:karpenter.sh/nodepool", ["default"]), new Filter("instance-state-name", ["running"]), new Filter("availability-zone", ["us-west-2a"])],
        }, Ct);
        Assert.Equal(2, Assert.Single(filtered.Reservations).Instances.Count);
        Assert.Empty((await lab.Root.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("instance-type", ["c5.large"])] }, Ct)).Reservations ?? []);
        var status = await lab.Root.DescribeInstanceStatusAsync(new DescribeInstanceStatusRequest { InstanceIds = [first.InstanceId] }, Ct);
        Assert.Equal("ok", Assert.Single(status.InstanceStatuses).Status.Status.Value);

        var terminated = await lab.Root.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [first.InstanceId] }, Ct);
        var change = Assert.Single(terminated.TerminatingInstances);
        Assert.Equal((InstanceStateName.Running, InstanceStateName.ShuttingDown), (change.PreviousState.Name, change.CurrentState.Name));
        await Fails(() => lab.Root.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [root.Ebs.VolumeId] }, Ct), "InvalidVolume.NotFound");
        lab.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(InstanceStateName.Terminated, (await lab.InstanceAsync(first.InstanceId)).State.Name);
        lab.Clock.Advance(TimeSpan.FromHours(1));
        await Fails(() => lab.Root.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [first.InstanceId] }, Ct), "InvalidInstanceID.NotFound");
        Assert.Equal(InstanceStateName.Running, (await lab.InstanceAsync(run.Reservation.Instances[1].InstanceId)).State.Name);
    }

    [Fact]
    public async Task A_retry_with_the_same_client_token_answers_the_first_launch()
    {
        await using var lab = await InstanceLab.StartAsync();
        RunInstancesRequest Request() => new()
        {
            ImageId = InstanceLab.Image.ImageId,
            InstanceType = InstanceType.T3Large,
            SubnetId = lab.SubnetB,
            MinCount = 1,
            MaxCount = 1,
            ClientToken = "launch-1",
        };
        var first = await lab.Root.RunInstancesAsync(Request(), Ct);
        var again = await lab.Root.RunInstancesAsync(Request(), Ct);
        Assert.Equal(first.Reservation.Instances[0].InstanceId, again.Reservation.Instances[0].InstanceId);
        Assert.Single(Assert.Single((await lab.Root.DescribeInstancesAsync(new DescribeInstancesRequest(), Ct)).Reservations).Instances);
    }

    [Fact]
    public async Task Bad_launches_answer_EC2s_errors()
    {
        await using var lab = await InstanceLab.StartAsync();
        var arm = Emulator.Aws.Eks.EksOptimizedAmis.Find(InstanceLab.Image.KubernetesVersion, "arm64", "standard")!;
        RunInstancesRequest Request(Action<RunInstancesRequest> change)
        {
            var request = new RunInstancesRequest { ImageId = InstanceLab.Image.ImageId, InstanceType = InstanceType.M5Large, SubnetId = lab.SubnetA, MinCount = 1, MaxCount = 1 };
            change(request);
            return request;
        }
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.ImageId = "ami-0123456789abcdef0"), Ct), "InvalidAMIID.NotFound");
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.ImageId = arm.ImageId), Ct), "InvalidParameterValue");
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.InstanceType = InstanceType.P4d24xlarge), Ct), "InvalidParameterValue");
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.SubnetId = "subnet-0123456789abcdef0"), Ct), "InvalidSubnetID.NotFound");
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.SubnetId = null), Ct), "VPCIdNotSpecified");
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.IamInstanceProfile = new IamInstanceProfileSpecification { Name = "nobody" }), Ct), "InvalidParameterValue");
        await Fails(() => lab.Root.RunInstancesAsync(Request(r => r.BlockDeviceMappings =
            [new BlockDeviceMapping { DeviceName = "/dev/xvda", Ebs = new EbsBlockDevice { Encrypted = true, KmsKeyId = "alias/missing" } }]), Ct), "InvalidParameterValue");
        lab.Ec2Service.Capacity.MarkUnavailable("m5.large", "us-west-2a");
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => lab.Root.RunInstancesAsync(Request(_ => { }), Ct));
        Assert.Equal("InsufficientInstanceCapacity", error.ErrorCode);
        await Fails(() => lab.Root.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = ["i-0123456789abcdef0"] }, Ct), "InvalidInstanceID.NotFound");
        await Fails(() => lab.Root.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = ["x-1"] }, Ct), "InvalidInstanceID.Malformed");
        Assert.Empty((await lab.Root.DescribeInstancesAsync(new DescribeInstancesRequest(), Ct)).Reservations ?? []);
    }

    [Fact]
    public void State_changes_are_reported_when_they_happen_on_the_clock()
    {
        var clock = new Sts.ManualTimeProvider(DateTimeOffset.UtcNow);
        var events = new Recorded();
        var lifecycle = new InstanceLifecycle(clock, events);
        var instance = new InstanceRecord
        {
            Account = "000000000000",
            Region = "us-west-2",
            InstanceId = "i-0123456789abcdef0",
            ReservationId = "r-0123456789abcdef0",
            InstanceType = "m5.large",
            ImageId = "ami-0123456789abcdef0",
            Architecture = "x86_64",
            SubnetId = "subnet-1",
            VpcId = "vpc-1",
            AvailabilityZone = "us-west-2a",
            PrivateIpAddress = "10.0.1.4",
            LaunchTime = clock.GetUtcNow(),
        };
        lifecycle.Launched(instance);
        Assert.Equal(["pending"], events.States);
        clock.Advance(TimeSpan.FromSeconds(4));
        lifecycle.CatchUp();
        Assert.Equal(["pending"], events.States);
        clock.Advance(TimeSpan.FromSeconds(2));
        lifecycle.CatchUp();
        Assert.Equal(["pending", "running"], events.States);
        Assert.Equal(instance.LaunchTime + InstanceStates.Transition, events.Changes[^1].Time);
        lifecycle.Terminating(instance);
        clock.Advance(TimeSpan.FromSeconds(6));
        lifecycle.CatchUp();
        lifecycle.CatchUp();
        Assert.Equal(["pending", "running", "shutting-down", "terminated"], events.States);
    }

    private sealed class Recorded : IInstanceEvents
    {
        public List<InstanceStateChange> Changes { get; } = [];

        public List<string> States => [.. Changes.Select(c => c.State)];

        public void StateChanged(InstanceStateChange change) => Changes.Add(change);
    }
}
