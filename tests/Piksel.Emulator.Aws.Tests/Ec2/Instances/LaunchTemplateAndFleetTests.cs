using Amazon.EC2;
using Amazon.EC2.Model;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>Launch templates, launches from them, and instant fleets choosing the cheapest offering with capacity.</summary>
public sealed class LaunchTemplateAndFleetTests
{
    private static CreateLaunchTemplateRequest Template(InstanceLab lab, string name) => new()
    {
        LaunchTemplateName = name,
        LaunchTemplateData = new RequestLaunchTemplateData
        {
            ImageId = InstanceLab.Image.ImageId,
            SecurityGroupIds = [lab.Group],
            BlockDeviceMappings = [new LaunchTemplateBlockDeviceMappingRequest { DeviceName = "/dev/xvda", Ebs = new LaunchTemplateEbsBlockDeviceRequest { VolumeSize = 120, VolumeType = VolumeType.Gp3, Encrypted = true } }],
            MetadataOptions = new LaunchTemplateInstanceMetadataOptionsRequest { HttpTokens = LaunchTemplateHttpTokensState.Required },
            UserData = Convert.ToBase64String("[settings.kubernetes]"u8.ToArray()),
            TagSpecifications =
            [
                new LaunchTemplateTagSpecificationRequest { ResourceType = ResourceType.Instance, Tags = [new Tag("karpenter.sh/nodepool", "default")] },
                new LaunchTemplateTagSpecificationRequest { ResourceType = ResourceType.Volume, Tags = [new Tag("karpenter.sh/nodepool", "default")] },
            ],
        },
        TagSpecifications = [new TagSpecification { ResourceType = ResourceType.LaunchTemplate, Tags = [new Tag("karpenter.k8s.aws/cluster", "c1")] }],
    };

    [Fact]
    public async Task A_template_is_described_by_name_and_tag_launches_its_data_and_is_deleted()
    {
        await using var lab = await InstanceLab.StartAsync();
        var created = (await lab.Root.CreateLaunchTemplateAsync(Template(lab, "karpenter.k8s.aws/123"), Ct)).LaunchTemplate;
        Assert.Matches("^lt-[0-9a-f]{17}$", created.LaunchTemplateId);
        Assert.Equal((1L, 1L), (created.DefaultVersionNumber, created.LatestVersionNumber));
        await Fails(() => lab.Root.CreateLaunchTemplateAsync(Template(lab, "karpenter.k8s.aws/123"), Ct), "InvalidLaunchTemplateName.AlreadyExistsException");

        var byTag = await lab.Root.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { Filters = [new Filter("tag:karpenter.k8s.aws/cluster", ["c1"])] }, Ct);
        Assert.Equal(created.LaunchTemplateId, Assert.Single(byTag.LaunchTemplates).LaunchTemplateId);
        await Fails(() => lab.Root.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { LaunchTemplateNames = ["missing"] }, Ct), "InvalidLaunchTemplateName.NotFoundException");

        var run = await lab.Root.RunInstancesAsync(new RunInstancesRequest
        {
            LaunchTemplate = new LaunchTemplateSpecification { LaunchTemplateName = "karpenter.k8s.aws/123", Version = "$Latest" },
            InstanceType = InstanceType.C6iLarge,
            SubnetId = lab.SubnetB,
            MinCount = 1,
            MaxCount = 1,
        }, Ct);
        var instance = Assert.Single(run.Reservation.Instances);
        Assert.Equal((InstanceLab.Image.ImageId, "us-west-2b", lab.Group), (instance.ImageId, instance.Placement.AvailabilityZone, instance.SecurityGroups[0].GroupId));
        Assert.Contains(instance.Tags, t => t.Key == "karpenter.sh/nodepool");
        var volume = await lab.VolumeAsync(instance.BlockDeviceMappings[0].Ebs.VolumeId);
        Assert.Equal((120, true), (volume.Size, volume.Encrypted));

        var version = await lab.Root.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest
        {
            LaunchTemplateId = created.LaunchTemplateId,
            SourceVersion = "1",
            LaunchTemplateData = new RequestLaunchTemplateData { InstanceType = InstanceType.M5Large },
        }, Ct);
        Assert.Equal(2L, version.LaunchTemplateVersion.VersionNumber);

        await lab.Root.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateId = created.LaunchTemplateId }, Ct);
        Assert.Empty((await lab.Root.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest(), Ct)).LaunchTemplates ?? []);
        await Fails(() => lab.Root.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateId = created.LaunchTemplateId }, Ct), "InvalidLaunchTemplateId.NotFound");
    }

    [Fact]
    public async Task An_instant_fleet_takes_the_cheapest_offering_and_falls_back_when_one_has_no_capacity()
    {
        await using var lab = await InstanceLab.StartAsync();
        var template = (await lab.Root.CreateLaunchTemplateAsync(Template(lab, "fleet-template"), Ct)).LaunchTemplate;
        CreateFleetRequest Fleet(string capacityType, int count) => new()
        {
            Type = FleetType.Instant,
            LaunchTemplateConfigs =
            [
                new FleetLaunchTemplateConfigRequest
                {
                    LaunchTemplateSpecification = new FleetLaunchTemplateSpecificationRequest { LaunchTemplateId = template.LaunchTemplateId, Version = "$Latest" },
                    Overrides =
                    [
                        new FleetLaunchTemplateOverridesRequest { InstanceType = InstanceType.M5Xlarge, SubnetId = lab.SubnetA },
                        new FleetLaunchTemplateOverridesRequest { InstanceType = InstanceType.C5Large, SubnetId = lab.SubnetB },
                        new FleetLaunchTemplateOverridesRequest { InstanceType = InstanceType.C5Large, SubnetId = lab.SubnetA },
                    ],
                },
            ],
            TargetCapacitySpecification = new TargetCapacitySpecificationRequest { TotalTargetCapacity = count, DefaultTargetCapacityType = capacityType },
            SpotOptions = new SpotOptionsRequest { AllocationStrategy = SpotAllocationStrategy.PriceCapacityOptimized },
            OnDemandOptions = new OnDemandOptionsRequest { AllocationStrategy = FleetOnDemandAllocationStrategy.LowestPrice },
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [new Tag("karpenter.sh/nodeclaim", "default-abc")] }],
        };

        // Spot: zone a is the cheaper zone for c5.large.
        var spot = await lab.Root.CreateFleetAsync(Fleet("spot", 1), Ct);
        Assert.Empty(spot.Errors ?? []);
        var launched = Assert.Single(spot.Instances);
        Assert.Equal(("c5.large", "spot", lab.SubnetA), (launched.InstanceType.Value, launched.Lifecycle.Value, launched.LaunchTemplateAndOverrides.Overrides.SubnetId));
        var instance = await lab.InstanceAsync(Assert.Single(launched.InstanceIds));
        Assert.Equal(InstanceLifecycleType.Spot, instance.InstanceLifecycle);
        Assert.Contains(instance.Tags, t => t.Key == "karpenter.sh/nodeclaim");
        Assert.Contains(instance.Tags, t => t.Key == "karpenter.sh/nodepool");

        // On demand both c5.large offerings cost the same: the first listed (zone b) is tried first.
        lab.Ec2Service.Capacity.MarkUnavailable("c5.large", "us-west-2b", "on-demand");
        var onDemand = await lab.Root.CreateFleetAsync(Fleet("on-demand", 2), Ct);
        var error = Assert.Single(onDemand.Errors);
        Assert.Equal(("InsufficientInstanceCapacity", lab.SubnetB), (error.ErrorCode, error.LaunchTemplateAndOverrides.Overrides.SubnetId));
        var fallback = Assert.Single(onDemand.Instances);
        Assert.Equal(("c5.large", lab.SubnetA, 2), (fallback.InstanceType.Value, fallback.LaunchTemplateAndOverrides.Overrides.SubnetId, fallback.InstanceIds.Count));

        lab.Ec2Service.Capacity.MarkUnavailable("c5.large", "us-west-2a");
        lab.Ec2Service.Capacity.MarkUnavailable("m5.xlarge", "us-west-2a");
        var none = await lab.Root.CreateFleetAsync(Fleet("on-demand", 1), Ct);
        Assert.Equal(3, none.Errors.Count);
        Assert.Empty(none.Instances ?? []);
    }
}
