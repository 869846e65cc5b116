using Amazon.EC2.Model;
using Piksel.Platform.Aws.Ec2;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Tests.Rds;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Ec2;

/// <summary>
/// Security groups against the emulator's EC2: found again by Name tag in their VPC, ingress diffed as a set (a rule
/// added behind the engine's back is drift the next apply revokes, one revoked is authorized again), deleted.
/// </summary>
[Collection(HandlerCollection.Name)]
public sealed class Ec2SecurityGroupHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ingress_from_another_group_reads_back_and_a_rule_added_or_revoked_behind_the_engine_s_back_is_repaired()
    {
        var (vpcId, _) = await RdsClients.NetworkAsync(fixture.Access, 62, Ct);
        var handler = new Ec2SecurityGroupHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var clusterName = HandlerFixture.Unique("cluster");
        var cluster = new Ec2SecurityGroup { Name = clusterName, Account = HandlerFixture.Account, VpcId = vpcId, Tags = Named(environment, clusterName) };
        var clusterGroupId = (await handler.ApplyAsync(cluster, null, Ct))[Ec2SecurityGroup.GroupIdOutput];
        var name = HandlerFixture.Unique("db");
        var desired = new Ec2SecurityGroup
        {
            Name = name,
            Account = HandlerFixture.Account,
            VpcId = vpcId,
            Description = "PostgreSQL from the cluster",
            Ingress = [new Ec2SecurityGroupRule("tcp", 5432, 5432, SourceSecurityGroupId: clusterGroupId, Description: "PostgreSQL from the EKS cluster")],
            Tags = Named(environment, name),
        };

        Assert.Null(await handler.ReadAsync(desired with { VpcId = "${ref:Ec2Vpc.x#id}" }, Ct));
        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        var groupId = outputs[Ec2SecurityGroup.GroupIdOutput];
        Assert.StartsWith("sg-", groupId, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:ec2:us-east-1:{HandlerFixture.Account}:security-group/{groupId}", outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);
        Assert.Equal(groupId, (await handler.ApplyAsync(desired, read, Ct))[Ec2SecurityGroup.GroupIdOutput]); // found again, not made twice

        // Behind our back: the world let in on 5432.
        using var ec2 = RdsClients.Ec2(fixture.Access);
        await ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = groupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 5432, ToPort = 5432, Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0" }] }],
        }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Contains(drifted!.State.Ingress, r => r.CidrBlock == "0.0.0.0/0");
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        // Behind our back: the cluster's rule revoked.
        await ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest
        {
            GroupId = groupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 5432, ToPort = 5432, UserIdGroupPairs = [new UserIdGroupPair { GroupId = clusterGroupId }] }],
        }, Ct);
        Assert.Empty((await handler.ReadAsync(desired, Ct))!.State.Ingress);
        await handler.ApplyAsync(desired, null, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        Assert.Contains(await handler.ListManagedAsync(environment, Ct), o => o.State.Name == name);
        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }

    private static Dictionary<string, string> Named(string environment, string name) =>
        new(HandlerFixture.Tags(environment), StringComparer.Ordinal) { ["Name"] = name };
}
