using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec.Aws;
using EksAddon = Piksel.Platform.Spec.Aws.EksAddon;
using EksFargateProfile = Piksel.Platform.Spec.Aws.EksFargateProfile;

namespace Piksel.EndToEnd.Tests.Lifecycle;

/// <summary>
/// The applied network and system layer as the AWS API shows them (the private subnets Karpenter discovers, inside
/// the VPC's block; the cluster in them; the add-ons and profiles), and drift behind the engine's back (a route and
/// an association removed, an add-on deleted) planned as changes of exactly those resources and repaired by apply.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NetworkTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<AmazonEC2Client> Ec2Async()
    {
        var (credentials, config) = await fixture.Provider.SdkAsync<AmazonEC2Config>(fixture.Settings.Account, Ct);
        return new AmazonEC2Client(credentials, config);
    }

    [PlatformFact(ProviderCapabilities.EksApi)]
    public async Task Karpenter_discovers_one_private_subnet_per_zone_inside_the_vpc_and_the_cluster_sits_in_them()
    {
        using var ec2 = await Ec2Async();
        var cluster = fixture.Names.Cluster;
        var discovered = new List<Filter> { new() { Name = "tag:karpenter.sh/discovery", Values = [cluster] } };
        var vpcs = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter { Name = "tag:Name", Values = [fixture.Names.Vpc] }] }, Ct)).Vpcs;
        Assert.Equal(fixture.Settings.VpcCidr.ToString(), Assert.Single(vpcs).CidrBlock);

        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [.. discovered, new Filter { Name = "tag:SubnetType", Values = ["Private"] }],
        }, Ct)).Subnets;
        Assert.Equal(fixture.Settings.AvailabilityZones, subnets.Select(s => s.AvailabilityZone).Distinct().Count());
        Assert.Equal(fixture.Settings.AvailabilityZones, subnets.Count);
        var blocks = subnets.Select(s => Ipv4Cidr.Parse(s.CidrBlock)).ToList();
        Assert.All(blocks, b => Assert.True(fixture.Settings.VpcCidr.Contains(b)));
        Assert.DoesNotContain(true, blocks.SelectMany((a, i) => blocks.Skip(i + 1), (a, b) => a.Overlaps(b)));

        using var eks = new EksClient(await fixture.Provider.OptionsAsync(fixture.Settings.Account, Ct));
        var described = await eks.DescribeClusterAsync(cluster, Ct);
        Assert.Equal(subnets.Select(s => s.SubnetId).Order(StringComparer.Ordinal), described.SubnetIds.Order(StringComparer.Ordinal));
        Assert.True(described.EndpointPublicAccess);
    }

    [PlatformFact(ProviderCapabilities.EksApi)]
    public async Task The_four_add_ons_run_with_their_irsa_roles_and_the_four_fargate_profiles_exist()
    {
        var options = await fixture.Provider.OptionsAsync(fixture.Settings.Account, Ct);
        using var addons = new EksAddonClient(options);
        using var profiles = new EksFargateClient(options);
        var cluster = fixture.Names.Cluster;

        Assert.Equal(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"], (await addons.ListAllAddonsAsync(cluster, Ct)).Order(StringComparer.Ordinal));
        Assert.Equal(fixture.Spec.Resources.OfType<EksFargateProfile>().Select(p => p.ProfileName).Order(StringComparer.Ordinal), (await profiles.ListAllFargateProfilesAsync(cluster, Ct)).Order(StringComparer.Ordinal));
        Assert.Equal($"arn:aws:iam::{fixture.Settings.Account}:role/{fixture.Names.Role("vpc-cni")}", (await addons.DescribeAddonAsync(cluster, "vpc-cni", Ct)).ServiceAccountRoleArn);
        Assert.Equal($"arn:aws:iam::{fixture.Settings.Account}:role/{fixture.Names.Role("ebs-csi")}", (await addons.DescribeAddonAsync(cluster, "aws-ebs-csi-driver", Ct)).ServiceAccountRoleArn);
    }

    [PlatformFact(ProviderCapabilities.EksApi)]
    public async Task A_route_and_an_association_removed_and_an_add_on_deleted_are_planned_and_repaired()
    {
        using var ec2 = await Ec2Async();
        var publicTable = fixture.Spec.Get<Ec2RouteTable>($"piksel-{fixture.Settings.Name}-public");
        var privateTable = fixture.Spec.Resources.OfType<Ec2RouteTable>().First(t => t.Name.Contains("-private", StringComparison.Ordinal));
        var publicId = fixture.Applied.ResourceOutputs[publicTable.Id]["id"];
        var privateId = fixture.Applied.ResourceOutputs[privateTable.Id]["id"];
        await ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = publicId, DestinationCidrBlock = "0.0.0.0/0" }, Ct);
        var association = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [privateId] }, Ct)).RouteTables[0].Associations
            .First(a => a.SubnetId is not null && a.Main != true);
        await ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association.RouteTableAssociationId }, Ct);
        var coredns = fixture.Spec.Get<EksAddon>($"{fixture.Names.Cluster}/coredns");
        using var addons = new EksAddonClient(await fixture.Provider.OptionsAsync(fixture.Settings.Account, Ct));
        await addons.DeleteAddonAsync(fixture.Names.Cluster, "coredns", Ct);
        await addons.WaitUntilDeletedAsync(fixture.Names.Cluster, "coredns", Ct);

        var drifted = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);
        Assert.Equal(ChangeKind.Update, drifted[publicTable.Id].Kind);
        Assert.Equal(ChangeKind.Update, drifted[privateTable.Id].Kind);
        Assert.Equal(ChangeKind.Create, drifted[coredns.Id].Kind);
        var others = drifted.Changes.Where(c => c.Id != publicTable.Id && c.Id != privateTable.Id && c.Id != coredns.Id && c.Kind != ChangeKind.NoChange).ToList();
        Assert.True(others.Count == 0, drifted.Render(showUnchanged: false));

        await fixture.Engine.ApplyAsync(drifted, fixture.Provider, cancellationToken: Ct);
        var after = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);
        Assert.True(after.DetailedExitCode == 0, after.Render(showUnchanged: false));
    }
}
