using System.Net;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Every EKS call is an IAM action on the cluster (or entry); creating a cluster also passes its role.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AuthorizationTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_user_without_eks_permissions_is_denied_every_call()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        var (_, credentials) = await UserAsync(iam, Unique("eks-nobody"));
        using var eks = NewEks(Endpoint(fixture), credentials);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));

        var denied = await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { Name = Unique("denied"), RoleArn = role }, Ct),
            "AccessDeniedException", HttpStatusCode.Forbidden);
        Assert.Contains("eks:CreateCluster", denied.ErrorMessage, StringComparison.Ordinal);
        await Fails(() => eks.DescribeClusterAsync("any", Ct), "AccessDeniedException", HttpStatusCode.Forbidden);
        await Fails(() => eks.ListClustersAsync(cancellationToken: Ct), "AccessDeniedException", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Creating_a_cluster_needs_pass_role_on_its_role()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        const string EksOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""";
        var (_, eksOnly) = await UserAsync(iam, Unique("eks-only"), EksOnly);
        using var withoutPass = NewEks(Endpoint(fixture), eksOnly);
        var denied = await Fails(() => withoutPass.CreateClusterAsync(new CreateClusterRequest { Name = Unique("nopass"), RoleArn = role }, Ct),
            "AccessDeniedException", HttpStatusCode.Forbidden);
        Assert.Contains("iam:PassRole", denied.ErrorMessage, StringComparison.Ordinal);

        var withPassPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"ROLE","Condition":{"StringEquals":{"iam:PassedToService":"eks.amazonaws.com"}}}]}"""
            .Replace("ROLE", role, StringComparison.Ordinal);
        var (_, canPass) = await UserAsync(iam, Unique("eks-pass"), withPassPolicy);
        using var eks = NewEks(Endpoint(fixture), canPass);
        var name = Unique("pass");
        var subnets = await EksNetworkKit.SubnetsAsync(Endpoint(fixture));
        Assert.Equal("CREATING", (await eks.CreateClusterAsync(new CreateClusterRequest { Name = name, RoleArn = role, SubnetIds = subnets }, Ct)).Status);
        await eks.WaitUntilActiveAsync(name, Ct);
        await eks.DeleteClusterAsync(name, Ct);
    }

    [Fact]
    public async Task Permissions_scoped_to_one_cluster_do_not_reach_another()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var root = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var name = Unique("scoped");
        var subnets = await EksNetworkKit.SubnetsAsync(Endpoint(fixture));
        await root.CreateClusterAsync(new CreateClusterRequest { Name = name, RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")), SubnetIds = subnets }, Ct);
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:DescribeCluster","Resource":"arn:aws:eks:{{Region}}:000000000000:cluster/{{name}}"}]}""";
        var (_, credentials) = await UserAsync(iam, Unique("eks-reader"), policy);
        using var eks = NewEks(Endpoint(fixture), credentials);

        Assert.Equal(name, (await eks.DescribeClusterAsync(name, Ct)).Name);
        await Fails(() => eks.DescribeClusterAsync("other", Ct), "AccessDeniedException", HttpStatusCode.Forbidden);
        await Fails(() => eks.DeleteClusterAsync(name, Ct), "AccessDeniedException", HttpStatusCode.Forbidden);
        await root.WaitUntilActiveAsync(name, Ct);
        await root.DeleteClusterAsync(name, Ct);
    }
}
