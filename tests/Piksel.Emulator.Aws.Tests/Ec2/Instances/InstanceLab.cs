using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Tests.Sts;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>
/// An emulator of its own with a manual clock (instances and attachments move through their states on it), and a VPC
/// with a subnet in each of two zones and a security group, tagged for a cluster as Karpenter discovers them.
/// </summary>
internal sealed class InstanceLab : IAsyncDisposable
{
    public const string Cluster = "piksel-local-cluster";

    private InstanceLab(AwsEmulator emulator, ManualTimeProvider clock, string region)
    {
        Emulator = emulator;
        Clock = clock;
        Region = region;
        Root = Ec2(new BasicAWSCredentials("test", "test"));
    }

    public AwsEmulator Emulator { get; }
    public ManualTimeProvider Clock { get; }
    public string Region { get; }
    public AmazonEC2Client Root { get; }
    public string SubnetA { get; private set; } = "";
    public string SubnetB { get; private set; } = "";
    public string Group { get; private set; } = "";

    /// <summary>The x86_64 standard image of the newest Kubernetes version.</summary>
    public static EksOptimizedAmi Image => EksOptimizedAmis.Find(EksOptimizedAmis.KubernetesVersions[^1], "x86_64", "standard")!;

    public Ec2Service Ec2Service => Emulator.Service<Ec2Service>()!;

    public static async Task<InstanceLab> StartAsync(string region = "us-west-2", params (string Key, string Value)[] networkTags)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromDays(1) }, cancellationToken: Ct);
        var lab = new InstanceLab(emulator, clock, region);
        var tags = networkTags.Select(t => new Tag(t.Key, t.Value)).ToList();
        var vpc = (await lab.Root.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, Ct)).Vpc.VpcId;
        lab.SubnetA = await lab.SubnetAsync(vpc, "10.0.1.0/24", region + "a", tags);
        lab.SubnetB = await lab.SubnetAsync(vpc, "10.0.2.0/24", region + "b", tags);
        lab.Group = (await lab.Root.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
        {
            GroupName = "nodes",
            Description = "nodes",
            VpcId = vpc,
            TagSpecifications = tags.Count == 0 ? null : [new TagSpecification { ResourceType = ResourceType.SecurityGroup, Tags = tags }],
        }, Ct)).GroupId;
        return lab;
    }

    public AmazonEC2Client Ec2(AWSCredentials credentials) =>
        new(credentials, new AmazonEC2Config { ServiceURL = Emulator.Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });

    public AmazonKeyManagementServiceClient Kms() =>
        new(new BasicAWSCredentials("test", "test"), new AmazonKeyManagementServiceConfig { ServiceURL = Emulator.Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });

    public async Task<Instance> InstanceAsync(string id) =>
        Assert.Single(Assert.Single((await Root.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] }, Ct)).Reservations).Instances);

    public async Task<Volume> VolumeAsync(string id) =>
        Assert.Single((await Root.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [id] }, Ct)).Volumes);

    public static List<TagSpecification> Tagged(params (ResourceType Type, string Key, string Value)[] tags) =>
        [.. tags.GroupBy(t => t.Type).Select(g => new TagSpecification { ResourceType = g.Key, Tags = [.. g.Select(t => new Tag(t.Key, t.Value))] })];

    private async Task<string> SubnetAsync(string vpc, string cidr, string zone, List<Tag> tags) =>
        (await Root.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = vpc,
            CidrBlock = cidr,
            AvailabilityZone = zone,
            TagSpecifications = tags.Count == 0 ? null : [new TagSpecification { ResourceType = ResourceType.Subnet, Tags = tags }],
        }, Ct)).Subnet.SubnetId;

    public async ValueTask DisposeAsync()
    {
        Root.Dispose();
        await Emulator.DisposeAsync();
    }
}
