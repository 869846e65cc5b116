using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec.Aws;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;
using Tag = Amazon.EC2.Model.Tag;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>
/// Karpenter's role held to the platform's policy for it (KarpenterDefinition, for the local environment in
/// ap-southeast-3): it launches only what it tags for its cluster, into subnets tagged for discovery, passes only the
/// node role, and terminates only its cluster's instances.
/// </summary>
public sealed class KarpenterAuthorizationTests
{
    private const string NodeRole = "piksel-local-node";
    private static readonly (ResourceType, string, string)[] Discovery =
    [
        (ResourceType.Instance, "karpenter.sh/discovery", InstanceLab.Cluster),
        (ResourceType.Volume, "karpenter.sh/discovery", InstanceLab.Cluster),
        (ResourceType.NetworkInterface, "karpenter.sh/discovery", InstanceLab.Cluster),
    ];

    [Fact]
    public async Task Karpenter_launches_and_terminates_only_its_clusters_tagged_nodes()
    {
        await using var lab = await InstanceLab.StartAsync("ap-southeast-3", ("karpenter.sh/discovery", InstanceLab.Cluster));
        var credentials = await KarpenterAsync(lab);
        using var karpenter = lab.Ec2(credentials);
        var untaggedSubnet = (await lab.Root.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = (await lab.Root.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [lab.SubnetA] }, Ct)).Subnets[0].VpcId,
            CidrBlock = "10.0.9.0/24",
            AvailabilityZone = "ap-southeast-3a",
        }, Ct)).Subnet.SubnetId;

        await karpenter.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest(), Ct);
        await karpenter.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [InstanceLab.Image.ImageId] }, Ct);
        await Fails(() => karpenter.CreateLaunchTemplateAsync(Template("untagged", tagged: false), Ct), "UnauthorizedOperation");
        var template = (await karpenter.CreateLaunchTemplateAsync(Template("karpenter.k8s.aws/1", tagged: true), Ct)).LaunchTemplate;

        RunInstancesRequest Run(string subnet, List<TagSpecification>? tags, string profile = NodeRole) => new()
        {
            ImageId = InstanceLab.Image.ImageId,
            InstanceType = InstanceType.M5Large,
            SubnetId = subnet,
            SecurityGroupIds = [lab.Group],
            IamInstanceProfile = new IamInstanceProfileSpecification { Name = profile },
            MinCount = 1,
            MaxCount = 1,
            TagSpecifications = tags,
        };
        var own = Assert.Single((await karpenter.RunInstancesAsync(Run(lab.SubnetA, InstanceLab.Tagged(Discovery)), Ct)).Reservation.Instances);
        Assert.Equal($"arn:aws:iam::000000000000:instance-profile/{NodeRole}", own.IamInstanceProfile.Arn);

        var untagged = await Fails(() => karpenter.RunInstancesAsync(Run(lab.SubnetA, null), Ct), "UnauthorizedOperation");
        Assert.Contains("ec2:RunInstances on resource: arn:aws:ec2:ap-southeast-3:000000000000:instance/*", untagged.Message);
        // Tagging the instance alone leaves its volume and network interface untagged: still denied.
        await Fails(() => karpenter.RunInstancesAsync(Run(lab.SubnetA, InstanceLab.Tagged(Discovery[0])), Ct), "UnauthorizedOperation");
        var otherCluster = InstanceLab.Tagged([.. Discovery.Select(d => (d.Item1, d.Item2, "someone-else"))]);
        await Fails(() => karpenter.RunInstancesAsync(Run(lab.SubnetA, otherCluster), Ct), "UnauthorizedOperation");
        var subnet = await Fails(() => karpenter.RunInstancesAsync(Run(untaggedSubnet, InstanceLab.Tagged(Discovery)), Ct), "UnauthorizedOperation");
        Assert.Contains($"subnet/{untaggedSubnet}", subnet.Message);
        var passRole = await Fails(() => karpenter.RunInstancesAsync(Run(lab.SubnetA, InstanceLab.Tagged(Discovery), "other-role"), Ct), "UnauthorizedOperation");
        Assert.Contains("iam:PassRole", passRole.Message);

        var fleet = await karpenter.CreateFleetAsync(new CreateFleetRequest
        {
            Type = FleetType.Instant,
            LaunchTemplateConfigs =
            [
                new FleetLaunchTemplateConfigRequest
                {
                    LaunchTemplateSpecification = new FleetLaunchTemplateSpecificationRequest { LaunchTemplateId = template.LaunchTemplateId, Version = "$Latest" },
                    Overrides = [new FleetLaunchTemplateOverridesRequest { InstanceType = InstanceType.G5Xlarge, SubnetId = lab.SubnetB }],
                },
            ],
            TargetCapacitySpecification = new TargetCapacitySpecificationRequest { TotalTargetCapacity = 1, DefaultTargetCapacityType = DefaultTargetCapacityType.OnDemand },
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Fleet, Tags = [new Tag("karpenter.sh/discovery", InstanceLab.Cluster)] }],
        }, Ct);
        var gpuNode = Assert.Single(Assert.Single(fleet.Instances).InstanceIds);
        Assert.Equal("g5.xlarge", (await lab.InstanceAsync(gpuNode)).InstanceType.Value);

        // Root's instances carry no discovery tag (or another cluster's): not Karpenter's to terminate.
        var foreign = Assert.Single((await lab.Root.RunInstancesAsync(Run(lab.SubnetA, null), Ct)).Reservation.Instances).InstanceId;
        var neighbour = Assert.Single((await lab.Root.RunInstancesAsync(Run(lab.SubnetA, otherCluster), Ct)).Reservation.Instances).InstanceId;
        var denied = await Fails(() => karpenter.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [foreign] }, Ct), "UnauthorizedOperation");
        Assert.Contains($"ec2:TerminateInstances on resource: arn:aws:ec2:ap-southeast-3:000000000000:instance/{foreign}", denied.Message);
        await Fails(() => karpenter.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [own.InstanceId, neighbour] }, Ct), "UnauthorizedOperation");
        Assert.Equal(InstanceStateName.Pending, (await lab.InstanceAsync(own.InstanceId)).State.Name);
        await karpenter.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [own.InstanceId, gpuNode] }, Ct);
        await karpenter.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateId = template.LaunchTemplateId }, Ct);
    }

    private static CreateLaunchTemplateRequest Template(string name, bool tagged) => new()
    {
        LaunchTemplateName = name,
        LaunchTemplateData = new RequestLaunchTemplateData
        {
            ImageId = InstanceLab.Image.ImageId,
            IamInstanceProfile = new LaunchTemplateIamInstanceProfileSpecificationRequest { Name = NodeRole },
            TagSpecifications = [.. Discovery.Select(d => new LaunchTemplateTagSpecificationRequest { ResourceType = d.Item1, Tags = [new Tag(d.Item2, d.Item3)] })],
        },
        TagSpecifications = tagged ? [new TagSpecification { ResourceType = ResourceType.LaunchTemplate, Tags = [new Tag("karpenter.sh/discovery", InstanceLab.Cluster)] }] : null,
    };

    /// <summary>Session credentials of a role with Karpenter's policy as the platform defines it, and the node role it may pass.</summary>
    private static async Task<AWSCredentials> KarpenterAsync(InstanceLab lab)
    {
        var settings = EnvironmentSettingsLoader.Load(RepoEnv(), "local");
        var policy = PikselPlatform.Define(settings).Resources.OfType<IamRole>().Single(r => r.InlinePolicies.ContainsKey("karpenter")).InlinePolicies["karpenter"].ToJson();
        using var iam = new IamClient(new AwsClientOptions { ServiceUrl = lab.Emulator.Endpoint, Credentials = new BasicAWSCredentials("test", "test") });
        const string ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = NodeRole, AssumeRolePolicyDocument = ec2Trust }, Ct);
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "other-role", AssumeRolePolicyDocument = ec2Trust }, Ct);
        // EC2 hands an instance the role of an instance profile IAM holds: one per role, named as the role.
        using var profiles = new InstanceProfileClient(new AwsClientOptions { ServiceUrl = lab.Emulator.Endpoint, Credentials = new BasicAWSCredentials("test", "test") });
        foreach (var name in new[] { NodeRole, "other-role" })
        {
            await profiles.CreateAsync(name, cancellationToken: Ct);
            await profiles.AddRoleAsync(name, name, Ct);
        }
        await iam.CreateUserAsync(new CreateUserRequest { UserName = "caller" }, Ct);
        await iam.PutUserPolicyAsync("caller", "assume", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""", Ct);
        var key = await iam.CreateAccessKeyAsync("caller", Ct);
        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "karpenter",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""",
        }, Ct);
        await iam.PutRolePolicyAsync(role.RoleName, "karpenter", policy, Ct);
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = lab.Emulator.Endpoint.ToString(), AuthenticationRegion = lab.Region, MaxErrorRetry = 0 });
        return (await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "karpenter" }, Ct)).Credentials;
    }

    private static string RepoEnv()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Piksel.Platform.sln"))) directory = directory.Parent;
        return Path.Combine(directory!.FullName, "env");
    }
}
