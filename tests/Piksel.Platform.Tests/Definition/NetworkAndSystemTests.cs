using Piksel.Platform.Definition;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The network and the cluster's system layer against PLATFORM.md "Network" and "Cluster".</summary>
public sealed class NetworkAndSystemTests
{
    private static readonly PlatformSpec Staging = PikselPlatform.Define(Fixtures.Load("staging"));
    private static readonly PlatformSpec Production = PikselPlatform.Define(Fixtures.Load("production"));

    [Fact]
    public void The_vpc_has_the_environment_s_cidr_and_dns()
    {
        var vpc = Staging.Get<Ec2Vpc>("piksel-staging-vpc");
        Assert.Equal("10.2.0.0/16", vpc.CidrBlock);
        Assert.True(vpc.EnableDnsSupport && vpc.EnableDnsHostnames);
        Assert.Equal("piksel-staging-vpc", vpc.Tags["Name"]);
        Assert.Equal("staging", vpc.Tags[ManagementTags.Environment]);
    }

    [Fact]
    public void Subnets_carry_the_tags_the_real_accounts_carry()
    {
        var cluster = "piksel-staging-cluster";
        var privateSubnet = Staging.Get<Ec2Subnet>("piksel-staging-private-ap-southeast-3a");
        var publicSubnet = Staging.Get<Ec2Subnet>("piksel-staging-public-ap-southeast-3b");

        Assert.Equal(("Private", "1", cluster, "1"), (privateSubnet.Tags["SubnetType"], privateSubnet.Tags["kubernetes.io/role/internal-elb"],
            privateSubnet.Tags["karpenter.sh/discovery"], privateSubnet.Tags[$"kubernetes.io/cluster/{cluster}"]));
        Assert.Equal(("Public", "1"), (publicSubnet.Tags["SubnetType"], publicSubnet.Tags["kubernetes.io/role/elb"]));
        // Karpenter's node classes select subnets by its discovery tag: only private subnets carry it, so nodes never land in a public one.
        Assert.False(publicSubnet.Tags.ContainsKey("karpenter.sh/discovery"));
        Assert.Equal(("10.2.128.0/18", "ap-southeast-3a"), (privateSubnet.CidrBlock, privateSubnet.AvailabilityZone));
        Assert.Equal(("10.2.1.0/24", "ap-southeast-3b"), (publicSubnet.CidrBlock, publicSubnet.AvailabilityZone));
    }

    [Fact]
    public void Production_has_a_nat_gateway_and_private_route_table_per_zone_others_share_one()
    {
        Assert.Equal(3, Production.Resources.OfType<Ec2NatGateway>().Count());
        Assert.Equal(3, Production.Resources.OfType<Ec2ElasticIp>().Count());
        Assert.Equal(3, Production.Resources.OfType<Ec2Subnet>().Count(s => s.Tags["SubnetType"] == "Private"));
        var zoneB = Production.Get<Ec2RouteTable>("piksel-production-private-ap-southeast-3b");
        Assert.Equal([Production.Get<Ec2Subnet>("piksel-production-private-ap-southeast-3b").SubnetId.Token], zoneB.SubnetIds);
        Assert.Equal(Production.Get<Ec2NatGateway>("piksel-production-nat-ap-southeast-3b").NatGatewayId.Token, Assert.Single(zoneB.Routes).NatGatewayId);

        var nat = Assert.Single(Staging.Resources.OfType<Ec2NatGateway>());
        Assert.Equal(Staging.Get<Ec2Subnet>("piksel-staging-public-ap-southeast-3a").SubnetId.Token, nat.SubnetId);
        Assert.Contains(new ResourceId(nameof(Ec2InternetGateway), "piksel-staging-igw"), nat.DependsOn);
        var shared = Staging.Get<Ec2RouteTable>("piksel-staging-private");
        Assert.Equal(2, shared.SubnetIds.Count);
    }

    [Fact]
    public void The_public_table_routes_to_the_internet_gateway_and_the_s3_endpoint_sits_on_the_private_tables()
    {
        var table = Staging.Get<Ec2RouteTable>("piksel-staging-public");
        Assert.Equal(new Ec2Route("0.0.0.0/0", GatewayId: Staging.Get<Ec2InternetGateway>("piksel-staging-igw").GatewayId.Token), Assert.Single(table.Routes));
        var endpoint = Production.Get<Ec2VpcEndpoint>("piksel-production-s3");
        Assert.Equal("com.amazonaws.ap-southeast-3.s3", endpoint.ServiceName);
        Assert.Equal(3, endpoint.RouteTableIds.Count);
    }

    [Fact]
    public void The_cluster_is_in_the_private_subnets_with_its_public_endpoint()
    {
        var cluster = Production.Get<EksCluster>("piksel-production-cluster");
        var privateIds = Production.Resources.OfType<Ec2Subnet>().Where(s => s.Tags["SubnetType"] == "Private").Select(s => s.SubnetId.Token);
        Assert.Equal(privateIds, cluster.SubnetIds);
        Assert.True(cluster.EndpointPublicAccess);
    }

    [Fact]
    public void Fargate_profiles_run_the_system_namespaces_in_the_private_subnets_with_the_execution_role()
    {
        var role = Staging.Role("fargate-pods");
        Assert.Contains("eks-fargate-pods.amazonaws.com", role.TrustPolicy.ToJson(), StringComparison.Ordinal);
        Assert.Equal(["arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"], role.ManagedPolicyArns);

        var profiles = Staging.Resources.OfType<EksFargateProfile>().ToList();
        Assert.Equal(["kube-system", "karpenter", "flux-system", "aws-external-dns-helm"], profiles.Select(p => p.ProfileName));
        Assert.All(profiles, p => Assert.Equal(Staging.Get<EksCluster>("piksel-staging-cluster").SubnetIds, p.SubnetIds));
        Assert.All(profiles, p => Assert.Equal("arn:aws:iam::326641642924:role/piksel-staging-fargate-pods", p.PodExecutionRoleArn));
        Assert.Contains(new ResourceId(nameof(KubernetesNamespace), "karpenter"), profiles[1].DependsOn);
        Assert.DoesNotContain(profiles[0].DependsOn, d => d.Kind == nameof(KubernetesNamespace));
    }

    [Fact]
    public void Add_ons_are_pinned_for_the_cluster_version_with_their_irsa_roles()
    {
        var addons = Staging.Resources.OfType<EksAddon>().ToDictionary(a => a.AddonName);
        Assert.Equal(["coredns", "kube-proxy", "vpc-cni", "aws-ebs-csi-driver"], addons.Keys);
        Assert.All(addons.Values, a => Assert.Equal((AddonVersions.For("1.33", a.AddonName), "OVERWRITE"), (a.AddonVersion, a.ResolveConflicts)));
        Assert.Equal("arn:aws:iam::326641642924:role/piksel-staging-vpc-cni", addons["vpc-cni"].ServiceAccountRoleArn);
        Assert.Equal("arn:aws:iam::326641642924:role/piksel-staging-ebs-csi", addons["aws-ebs-csi-driver"].ServiceAccountRoleArn);
        Assert.Null(addons["coredns"].ServiceAccountRoleArn);
        Assert.Contains(new ResourceId(nameof(IamRole), "piksel-staging-ebs-csi"), addons["aws-ebs-csi-driver"].DependsOn);
        Assert.Contains(new ResourceId(nameof(EksFargateProfile), "piksel-staging-cluster/kube-system"), addons["coredns"].DependsOn);
        Assert.Null(AddonVersions.For("1.28", "coredns"));
    }

    [Fact]
    public void The_default_storage_class_is_gp3_encrypted_with_the_platform_key()
    {
        var gp3 = Staging.Get<KubernetesStorageClass>("gp3");
        Assert.Equal("ebs.csi.aws.com", gp3.Provisioner);
        Assert.Equal(("gp3", "true"), (gp3.Parameters["type"], gp3.Parameters["encrypted"]));
        Assert.Equal(Staging.Get<KmsKey>("piksel-staging").Arn.Token, gp3.Parameters["kmsKeyId"]);
        Assert.Equal("true", gp3.Annotations["storageclass.kubernetes.io/is-default-class"]);
        Assert.Equal(("WaitForFirstConsumer", true, "Delete"), (gp3.VolumeBindingMode, gp3.AllowVolumeExpansion, gp3.ReclaimPolicy));
    }
}
