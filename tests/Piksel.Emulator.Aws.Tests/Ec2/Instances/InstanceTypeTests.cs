using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Ec2.Instances;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>The instance type table, its offerings and spot prices, and the EKS-optimized images, through the SDK.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class InstanceTypeTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_g5_xlarge_has_one_A10G_with_24_GiB_and_the_sizes_of_the_table()
    {
        using var ec2 = Client(fixture);
        var g5 = Assert.Single((await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["g5.xlarge"] }, Ct)).InstanceTypes);
        Assert.Equal((4, 16384L, "x86_64"), (g5.VCpuInfo.DefaultVCpus, g5.MemoryInfo.SizeInMiB, g5.ProcessorInfo.SupportedArchitectures[0]));
        var gpu = Assert.Single(g5.GpuInfo.Gpus);
        Assert.Equal(("A10G", "NVIDIA", 1, 24576), (gpu.Name, gpu.Manufacturer, gpu.Count, gpu.MemoryInfo.SizeInMiB));
        Assert.Equal((4, 15), (g5.NetworkInfo.MaximumNetworkInterfaces, g5.NetworkInfo.Ipv4AddressesPerInterface));
        Assert.Contains("spot", g5.SupportedUsageClasses);

        var big = Assert.Single((await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["g5.12xlarge"] }, Ct)).InstanceTypes);
        Assert.Equal(4, big.GpuInfo.Gpus[0].Count);
        Assert.Null(Assert.Single((await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["m5.large"] }, Ct)).InstanceTypes).GpuInfo);
        await Fails(() => ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["t3.4xlarge"] }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { Filters = [new Filter("colour", ["red"])] }, Ct), "InvalidParameterValue");
    }

    [Fact]
    public async Task Every_type_pages_through_and_filters_narrow_them()
    {
        using var ec2 = Client(fixture);
        var names = new List<string>();
        var request = new DescribeInstanceTypesRequest { MaxResults = 10 };
        do
        {
            var page = await ec2.DescribeInstanceTypesAsync(request, Ct);
            names.AddRange(page.InstanceTypes.Select(t => t.InstanceType.Value));
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is not null);
        Assert.Equal(InstanceTypes.All.Select(t => t.Name), names);
        Assert.Equal(32, names.Count);

        var burstable = await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { Filters = [new Filter("burstable-performance-supported", ["true"])] }, Ct);
        Assert.Equal(["t3.large", "t3.xlarge", "t3.2xlarge"], burstable.InstanceTypes.Select(t => t.InstanceType.Value));
        var arm = await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { Filters = [new Filter("processor-info.supported-architecture", ["arm64"])] }, Ct);
        Assert.Empty(arm.InstanceTypes ?? []);
    }

    [Fact]
    public void The_table_gives_the_ENI_pod_limit()
    {
        Assert.Equal(29, InstanceTypes.Find("m5.large")!.MaxPods);
        Assert.Equal(58, InstanceTypes.Find("c6i.xlarge")!.MaxPods);
        Assert.Equal(234, InstanceTypes.Find("r5.4xlarge")!.MaxPods);
        Assert.Equal(35, InstanceTypes.Find("t3.large")!.MaxPods);
        Assert.Equal((8, 32768, 1, "A10G"), (InstanceTypes.Find("g5.2xlarge")!.VCpus, InstanceTypes.Find("g5.2xlarge")!.MemoryMiB, InstanceTypes.Find("g5.2xlarge")!.Gpus, InstanceTypes.Find("g5.2xlarge")!.GpuName));
        Assert.Null(InstanceTypes.Find("t3.4xlarge"));
    }

    [Fact]
    public async Task Offerings_are_in_every_zone_and_spot_prices_are_per_type_and_zone()
    {
        using var ec2 = Client(fixture);
        var zones = await ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest
        {
            LocationType = LocationType.AvailabilityZone,
            Filters = [new Filter("instance-type", ["g5.xlarge"])],
        }, Ct);
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], zones.InstanceTypeOfferings.Select(o => o.Location));
        var region = await ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest { Filters = [new Filter("instance-type", ["m5.*"])] }, Ct);
        Assert.Equal(4, region.InstanceTypeOfferings.Count);
        Assert.All(region.InstanceTypeOfferings, o => Assert.Equal("us-east-1", o.Location));

        var prices = await ec2.DescribeSpotPriceHistoryAsync(new DescribeSpotPriceHistoryRequest { InstanceTypes = ["m5.large"], ProductDescriptions = ["Linux/UNIX"] }, Ct);
        Assert.Equal(3, prices.SpotPriceHistory.Count);
        var onDemand = InstanceTypes.Find("m5.large")!.OnDemandPrice;
        Assert.All(prices.SpotPriceHistory, p => Assert.InRange(decimal.Parse(p.Price, System.Globalization.CultureInfo.InvariantCulture), onDemand / 4, onDemand / 2));
    }

    [Fact]
    public async Task The_EKS_optimized_images_are_amazons_and_found_by_id_or_name()
    {
        using var ec2 = Client(fixture);
        var nvidia = EksOptimizedAmis.Find("1.33", "x86_64", "nvidia")!;
        var byId = Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [nvidia.ImageId] }, Ct)).Images);
        Assert.Equal(("amazon-eks-node-al2023-x86_64-nvidia-1.33-v20260403", "amazon", "602401143452", "/dev/xvda"),
            (byId.Name, byId.ImageOwnerAlias, byId.OwnerId, byId.RootDeviceName));
        var byName = await ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["amazon"],
            Filters = [new Filter("name", ["amazon-eks-node-al2023-*-standard-1.33-*"])],
        }, Ct);
        Assert.Equal(["arm64", "x86_64"], byName.Images.Select(i => i.Architecture.Value).Order());
        Assert.Empty((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }, Ct)).Images ?? []);
        await Fails(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = ["ami-0123456789abcdef0"] }, Ct), "InvalidAMIID.NotFound");
        await Fails(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = ["image-1"] }, Ct), "InvalidAMIID.Malformed");
    }
}
