using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>Security groups and their rules through the SDK, in a region of their own.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SecurityGroupTests(EmulatorFixture fixture)
{
    private const string Region = "eu-west-3";

    [Fact]
    public async Task A_vpc_has_its_default_group_and_new_groups_start_with_all_traffic_out()
    {
        using var ec2 = Client(fixture, region: Region);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.60.0.0/16" }, Ct)).Vpc;
        var byVpc = new Filter("vpc-id", [vpc.VpcId]);
        var fallback = Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [byVpc] }, Ct)).SecurityGroups);
        Assert.Equal(("default", "default VPC security group"), (fallback.GroupName, fallback.Description));
        Assert.Equal(fallback.GroupId, Assert.Single(Assert.Single(fallback.IpPermissions).UserIdGroupPairs).GroupId);
        Assert.Equal("0.0.0.0/0", Assert.Single(Assert.Single(fallback.IpPermissionsEgress).Ipv4Ranges).CidrIp);
        var cannot = await Fails(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = fallback.GroupId }, Ct), "CannotDelete");
        Assert.Contains("cannot be deleted by a user", cannot.Message);

        var web = (await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
        {
            GroupName = "web",
            Description = "web tier",
            VpcId = vpc.VpcId,
            TagSpecifications = [new TagSpecification { ResourceType = "security-group", Tags = [new Tag("team", "edge")] }],
        }, Ct)).GroupId;
        Assert.Matches("^sg-[0-9a-f]{17}$", web);
        await Fails(() => ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "web", Description = "again", VpcId = vpc.VpcId }, Ct), "InvalidGroup.Duplicate");
        await Fails(() => ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "sg-x", Description = "x", VpcId = vpc.VpcId }, Ct), "InvalidParameterValue");

        var https = new IpPermission { IpProtocol = "tcp", FromPort = 443, ToPort = 443, Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0", Description = "anyone" }] };
        var fromDefault = new IpPermission { IpProtocol = "-1", UserIdGroupPairs = [new UserIdGroupPair { GroupId = fallback.GroupId }] };
        var added = await ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest { GroupId = web, IpPermissions = [https, fromDefault] }, Ct);
        Assert.Equal(2, added.SecurityGroupRules.Count);
        Assert.All(added.SecurityGroupRules, r => Assert.Matches("^sgr-[0-9a-f]{17}$", r.SecurityGroupRuleId));
        var duplicate = await Fails(() => ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest { GroupId = web, IpPermissions = [https] }, Ct), "InvalidPermission.Duplicate");
        Assert.Equal("the specified rule \"peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW\" already exists", duplicate.Message);
        await Fails(() => ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = web,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 80, ToPort = 80, Ipv4Ranges = [new IpRange { CidrIp = "10.0.0.1/8" }] }],
        }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = web,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", Ipv4Ranges = [new IpRange { CidrIp = "10.0.0.0/8" }] }],
        }, Ct), "InvalidParameterValue");

        var described = Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [web] }, Ct)).SecurityGroups);
        Assert.Equal(2, described.IpPermissions.Count);
        Assert.Equal("edge", Assert.Single(described.Tags).Value);
        var found = (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            Filters = [byVpc, new Filter("ip-permission.from-port", ["443"]), new Filter("tag:team", ["ed*"])],
        }, Ct)).SecurityGroups;
        Assert.Equal(web, Assert.Single(found).GroupId);
        Assert.Equal(web, Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("group-name", ["we?"])] }, Ct)).SecurityGroups).GroupId);
        var rules = (await ec2.DescribeSecurityGroupRulesAsync(new DescribeSecurityGroupRulesRequest { Filters = [new Filter("group-id", [web])] }, Ct)).SecurityGroupRules;
        Assert.Equal(3, rules.Count);
        Assert.Single(rules, r => r.IsEgress == true && r.IpProtocol == "-1" && r.CidrIpv4 == "0.0.0.0/0");

        // The default group is referred to by web's rule: it stays; web itself goes once its rules are revoked or not.
        await Fails(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct), "DependencyViolation");
        await ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest { GroupId = web, IpPermissions = [https] }, Ct);
        await Fails(() => ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest { GroupId = web, IpPermissions = [https] }, Ct), "InvalidPermission.NotFound");
        var egress = Assert.Single(rules, r => r.IsEgress == true).SecurityGroupRuleId;
        await ec2.RevokeSecurityGroupEgressAsync(new RevokeSecurityGroupEgressRequest { GroupId = web, SecurityGroupRuleIds = [egress] }, Ct);
        Assert.Single((await ec2.DescribeSecurityGroupRulesAsync(new DescribeSecurityGroupRulesRequest { Filters = [new Filter("group-id", [web])] }, Ct)).SecurityGroupRules);
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = web }, Ct);
        await Fails(() => ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [web] }, Ct), "InvalidGroup.NotFound");
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
        Assert.Empty((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [byVpc] }, Ct)).SecurityGroups ?? []);
    }

    [Fact]
    public async Task A_group_another_refers_to_cannot_be_deleted()
    {
        using var ec2 = Client(fixture, region: Region);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.61.0.0/16" }, Ct)).Vpc;
        var a = (await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "a", Description = "a", VpcId = vpc.VpcId }, Ct)).GroupId;
        var b = (await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "b", Description = "b", VpcId = vpc.VpcId }, Ct)).GroupId;
        await ec2.AuthorizeSecurityGroupEgressAsync(new AuthorizeSecurityGroupEgressRequest
        {
            GroupId = a,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 5432, ToPort = 5432, UserIdGroupPairs = [new UserIdGroupPair { GroupId = b }] }],
        }, Ct);
        await Fails(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = b }, Ct), "DependencyViolation");
        await Fails(() => ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "c", Description = "c" }, Ct), "VPCIdNotSpecified");
        await Fails(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = "sg-nope" }, Ct), "InvalidGroupId.Malformed");
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = a }, Ct);
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = b }, Ct);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
    }

    [Fact]
    public async Task EKS_gets_its_cluster_security_group_through_the_contract()
    {
        using var ec2 = Client(fixture, region: Region);
        var groups = fixture.Emulator.Service<Ec2Service>()!.ClusterSecurityGroups;
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.62.0.0/16" }, Ct)).Vpc;
        var id = groups.Create("000000000000", Region, vpc.VpcId, "eks-cluster-sg-dev-1234567890", "EKS created security group applied to ENI",
            new Dictionary<string, string> { ["aws:eks:cluster-name"] = "dev", ["kubernetes.io/cluster/dev"] = "owned" });
        var group = Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [id] }, Ct)).SecurityGroups);
        Assert.Equal(vpc.VpcId, group.VpcId);
        Assert.Equal(id, Assert.Single(Assert.Single(group.IpPermissions).UserIdGroupPairs).GroupId);
        Assert.Equal("-1", Assert.Single(group.IpPermissionsEgress).IpProtocol);
        Assert.Contains(group.Tags, t => t.Key == "aws:eks:cluster-name" && t.Value == "dev");
        await Fails(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct), "DependencyViolation");
        groups.Delete("000000000000", Region, id);
        groups.Delete("000000000000", Region, id);
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, Ct);
    }
}
