using Piksel.Platform.Aws.Ec2;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;
using ClusterSpec = Piksel.Platform.Spec.Aws.EksCluster;
using EksAddon = Piksel.Platform.Spec.Aws.EksAddon;
using EksFargateProfile = Piksel.Platform.Spec.Aws.EksFargateProfile;

namespace Piksel.Platform.Aws.Tests.Handlers;

/// <summary>
/// EKS add-ons and Fargate profiles against the embedded emulator: waited for until ACTIVE, read back as specified,
/// an add-on deleted behind the engine's back made again, a changed version updated in place, deleted and waited for.
/// </summary>
[Collection(HandlerCollection.Name)]
public sealed class EksSystemLayerHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A cluster in two private subnets of two zones, as EKS demands.
    private async Task<(string Environment, ClusterSpec Cluster, IReadOnlyList<string> Subnets)> ClusterAsync(string cidr)
    {
        var environment = HandlerFixture.Unique("env");
        var vpcName = HandlerFixture.Unique("vpc");
        var vpcId = (await new Ec2VpcHandler(fixture.Context).ApplyAsync(
            new Ec2Vpc { Name = vpcName, Account = HandlerFixture.Account, CidrBlock = cidr, Tags = HandlerFixture.Tags(environment) }, null, Ct))["id"];
        var subnets = new List<string>();
        var network = Ipv4(cidr);
        foreach (var (i, zone) in new[] { (0, "us-east-1a"), (1, "us-east-1b") })
        {
            var name = HandlerFixture.Unique("private");
            subnets.Add((await new Ec2SubnetHandler(fixture.Context).ApplyAsync(new Ec2Subnet
            {
                Name = name,
                Account = HandlerFixture.Account,
                VpcId = vpcId,
                CidrBlock = $"{network}.{128 + (64 * i)}.0/18",
                AvailabilityZone = zone,
                Tags = new Dictionary<string, string>(HandlerFixture.Tags(environment)) { ["Name"] = name },
            }, null, Ct))["id"]);
        }

        var cluster = new ClusterSpec
        {
            Name = HandlerFixture.Unique("cluster"),
            Account = HandlerFixture.Account,
            Version = "1.33",
            RoleArn = await EksClusterHandlerTests.ClusterRoleAsync(fixture, environment),
            SubnetIds = subnets,
            Tags = HandlerFixture.Tags(environment),
        };
        await new EksClusterHandler(fixture.Context) { PollInterval = TimeSpan.FromMilliseconds(100) }.ApplyAsync(cluster, null, Ct);
        return (environment, cluster, subnets);
    }

    private static string Ipv4(string cidr) => string.Join('.', cidr.Split('/')[0].Split('.').Take(2));

    [Fact]
    public async Task An_add_on_is_created_active_read_back_repaired_updated_and_deleted()
    {
        var (environment, cluster, _) = await ClusterAsync("10.60.0.0/16");
        var handler = new EksAddonHandler(fixture.Context) { PollInterval = TimeSpan.FromMilliseconds(100), ActiveWait = TimeSpan.FromSeconds(60) };
        var desired = new EksAddon
        {
            Name = $"{cluster.Name}/kube-proxy",
            Account = HandlerFixture.Account,
            ClusterName = cluster.Name,
            AddonName = "kube-proxy",
            AddonVersion = "v1.33.5-eksbuild.2",
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.StartsWith($"arn:aws:eks:us-east-1:{HandlerFixture.Account}:addon/{cluster.Name}/kube-proxy/", outputs["arn"], StringComparison.Ordinal);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        using var addons = new EksAddonClient(await fixture.Context.OptionsAsync(HandlerFixture.Account, null, Ct));
        await addons.DeleteAddonAsync(cluster.Name, "kube-proxy", Ct);
        await addons.WaitUntilDeletedAsync(cluster.Name, "kube-proxy", Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.ApplyAsync(desired, null, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        var listed = await handler.ListManagedAsync(environment, Ct);
        Assert.Equal(desired.Name, Assert.Single(listed).State.Name);

        await handler.DeleteAsync((await handler.ReadAsync(desired, Ct))!, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
    }

    [Fact]
    public async Task A_fargate_profile_is_created_active_in_private_subnets_and_deleted()
    {
        var (environment, cluster, subnets) = await ClusterAsync("10.61.0.0/16");
        var role = await new IamRoleHandler(fixture.Context).ApplyAsync(new IamRole
        {
            Name = HandlerFixture.Unique("fargate"),
            Account = HandlerFixture.Account,
            TrustPolicy = new PolicyDocumentBuilder().Allow(s => s.Principal(PolicyPrincipal.Service("eks-fargate-pods.amazonaws.com")).Actions("sts:AssumeRole")).Build(),
            ManagedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"],
            Tags = HandlerFixture.Tags(environment),
        }, null, Ct);
        var handler = new EksFargateProfileHandler(fixture.Context) { PollInterval = TimeSpan.FromMilliseconds(100), ActiveWait = TimeSpan.FromSeconds(60) };
        var desired = new EksFargateProfile
        {
            Name = $"{cluster.Name}/kube-system",
            Account = HandlerFixture.Account,
            ClusterName = cluster.Name,
            ProfileName = "kube-system",
            PodExecutionRoleArn = role["arn"],
            SubnetIds = subnets,
            Selectors = [new EksFargateSelector("kube-system", new Dictionary<string, string>())],
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.ApplyAsync(desired, null, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        await handler.DeleteAsync((await handler.ReadAsync(desired, Ct))!, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
    }
}
