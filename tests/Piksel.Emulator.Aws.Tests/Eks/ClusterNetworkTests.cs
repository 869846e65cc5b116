using System.Net;
using Amazon.EC2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using DescribeSecurityGroupsRequest = Amazon.EC2.Model.DescribeSecurityGroupsRequest;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>CreateCluster reads its subnets from EC2: they must exist, share a VPC and span two zones; the answer shows the VPC.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ClusterNetworkTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_cluster_shows_its_subnets_vpc_and_cluster_security_group()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var network = await EksNetworkKit.NetworkAsync(Endpoint(fixture));
        var name = Unique("net");
        var created = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            Name = name,
            RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")),
            SubnetIds = network.PrivateSubnets,
            SecurityGroupIds = ["sg-0123456789abcdef0"],
        }, Ct);
        Assert.Equal(network.PrivateSubnets, created.SubnetIds);
        Assert.Equal(network.VpcId, created.VpcId);
        Assert.Equal(["sg-0123456789abcdef0"], created.SecurityGroupIds);
        Assert.Matches("^sg-[0-9a-f]{17}$", created.ClusterSecurityGroupId);
        Assert.Equal(created.ClusterSecurityGroupId, (await eks.DescribeClusterAsync(name, Ct)).ClusterSecurityGroupId);

        // The group is EC2's, as EKS makes it: in the cluster's VPC, named and tagged for the cluster, all traffic from itself.
        using var ec2 = new AmazonEC2Client(fixture.RootCredentials, fixture.Config<AmazonEC2Config>(Region));
        var group = Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [created.ClusterSecurityGroupId!] }, Ct)).SecurityGroups);
        Assert.Equal(network.VpcId, group.VpcId);
        Assert.Matches($"^eks-cluster-sg-{name}-[0-9]{{10}}$", group.GroupName);
        Assert.Contains(group.Tags, t => t.Key == $"kubernetes.io/cluster/{name}" && t.Value == "owned");
        Assert.Contains(group.Tags, t => t.Key == "aws:eks:cluster-name" && t.Value == name);
        Assert.Contains(group.IpPermissions, p => p.IpProtocol == "-1" && p.UserIdGroupPairs.Any(g => g.GroupId == group.GroupId));

        await eks.DeleteClusterAsync(name, Ct);
        await eks.WaitUntilDeletedAsync(name, Ct);
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [group.GroupId] }, Ct));
        Assert.Equal("InvalidGroup.NotFound", gone.ErrorCode);
    }

    [Fact]
    public async Task Subnets_that_do_not_exist_share_no_vpc_or_sit_in_one_zone_are_refused_and_leave_nothing()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        var network = await EksNetworkKit.NetworkAsync(Endpoint(fixture), withPublic: true);
        var elsewhere = await EksNetworkKit.NetworkAsync(Endpoint(fixture));
        var name = Unique("badnet");
        Task Create(IReadOnlyList<string> subnets) => eks.CreateClusterAsync(new CreateClusterRequest { Name = name, RoleArn = role, SubnetIds = subnets }, Ct);

        var oneZone = await Fails(() => Create([network.PublicSubnet!, network.ThirdZoneSubnet!]), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal("Subnets specified must be in at least two different AZs", oneZone.ErrorMessage);
        var single = await Fails(() => Create([network.PrivateSubnets[0]]), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal("Subnets specified must be in at least two different AZs", single.ErrorMessage);
        var absent = await Fails(() => Create([network.PrivateSubnets[0], "subnet-0123456789abcdef0"]), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.StartsWith("The subnet ID 'subnet-0123456789abcdef0' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound;", absent.ErrorMessage, StringComparison.Ordinal);
        var twoVpcs = await Fails(() => Create([network.PrivateSubnets[0], elsewhere.PrivateSubnets[1]]), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal("Subnets specified must belong to the same VPC", twoVpcs.ErrorMessage);
        var none = await Fails(() => Create([]), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal("Subnet Id is required", none.ErrorMessage);
        // Another region's subnets are not there for this one.
        using var other = NewEks(Endpoint(fixture), fixture.RootCredentials, "eu-west-3");
        await Fails(() => other.CreateClusterAsync(new CreateClusterRequest { Name = name, RoleArn = role, SubnetIds = network.PrivateSubnets }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);

        await Fails(() => eks.DescribeClusterAsync(name, Ct), "ResourceNotFoundException", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cluster_kept_from_before_clusters_had_subnets_still_loads()
    {
        var service = fixture.Emulator.State.Store.Table<Aws.Eks.EksClusterRecord>("eks.clusters");
        var name = Unique("legacy");
        service.Put(Aws.Eks.EksService.ClusterKey("000000000000", Region, name), new Aws.Eks.EksClusterRecord
        {
            AccountId = "000000000000",
            Region = Region,
            Name = name,
            Uid = Guid.NewGuid().ToString(),
            Arn = $"arn:aws:eks:{Region}:000000000000:cluster/{name}",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Version = "1.33",
            RoleArn = "arn:aws:iam::000000000000:role/old",
            Status = "ACTIVE",
            Issuer = $"https://oidc.eks.{Region}.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
            VpcConfig = """{"subnetIds":[],"securityGroupIds":[],"clusterSecurityGroupId":"sg-0","vpcId":"vpc-0","endpointPublicAccess":true,"endpointPrivateAccess":false,"publicAccessCidrs":["0.0.0.0/0"]}""",
            NetworkConfig = """{"serviceIpv4Cidr":"10.100.0.0/16","ipFamily":"ipv4","elasticLoadBalancing":{"enabled":false}}""",
            Logging = """{"clusterLogging":[]}""",
            AuthenticationMode = "API",
            CreatorArn = "arn:aws:iam::000000000000:root",
        });
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var old = await eks.DescribeClusterAsync(name, Ct);
        Assert.Empty(old.SubnetIds);
        Assert.Equal("10.100.0.0/16", EksPartsKit.EksOf(fixture.Emulator).SystemSpecOf(EksPartsKit.Key(old)).ServiceIpv4Cidr);
        service.Remove(Aws.Eks.EksService.ClusterKey("000000000000", Region, name));
    }
}
