using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

[Collection(EmulatorCollection.Name)]
public sealed class ClusterTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Create_answers_creating_then_the_cluster_turns_active_with_endpoint_ca_and_issuer()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        var name = Unique("create");
        var subnets = await EksNetworkKit.SubnetsAsync(Endpoint(fixture));

        var created = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            Name = name,
            RoleArn = role,
            SubnetIds = subnets,
            SecurityGroupIds = ["sg-1"],
            Tags = new Dictionary<string, string> { ["env"] = "test" },
        }, Ct);
        Assert.Equal("CREATING", created.Status);
        Assert.Null(created.Endpoint);
        Assert.Null(created.CertificateAuthorityData);
        Assert.Equal($"arn:aws:eks:{Region}:000000000000:cluster/{name}", created.Arn);
        Assert.Equal("1.33", created.Version);
        Assert.Equal(role, created.RoleArn);
        Assert.Equal("CONFIG_MAP", created.AuthenticationMode);
        Assert.True(created.BootstrapClusterCreatorAdminPermissions);
        Assert.Equal(subnets, created.SubnetIds);
        Assert.StartsWith("vpc-", created.VpcId, StringComparison.Ordinal);
        Assert.True(created.EndpointPublicAccess);
        Assert.Equal("10.100.0.0/16", created.ServiceIpv4Cidr);
        Assert.Equal("test", created.Tags["env"]);
        Assert.Matches($"^https://oidc\\.eks\\.{Region}\\.amazonaws\\.com/id/[0-9A-F]{{32}}$", created.OidcIssuer);

        var active = await eks.WaitUntilActiveAsync(name, Ct);
        Assert.Equal("https", active.Endpoint!.Scheme);
        Assert.Equal("127.0.0.1", active.Endpoint.Host);
        Assert.Equal(created.OidcIssuer, active.OidcIssuer);
        Assert.Equal("eks.1", active.PlatformVersion);
        using var ca = X509Certificate2.CreateFromPem(active.CertificateAuthorityPem!);
        Assert.Contains("CN=kubernetes", ca.Subject, StringComparison.Ordinal);

        // The endpoint serves TLS under that CA: /version answers the cluster's version.
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return cert is not null && chain.Build(cert);
            },
        };
        using var http = new HttpClient(handler);
        var version = await http.GetStringAsync(new Uri(active.Endpoint, "/version"), Ct);
        Assert.Contains("\"minor\":\"33+\"", version, StringComparison.Ordinal);

        await eks.DeleteClusterAsync(name, Ct);
    }

    [Fact]
    public async Task Errors_come_with_eks_codes_statuses_and_the_cluster_name()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        var name = Unique("errors");

        var missing = await Fails(() => eks.DescribeClusterAsync(name, Ct), "ResourceNotFoundException", HttpStatusCode.NotFound);
        Assert.Equal($"No cluster found for name: {name}.", missing.ErrorMessage);
        await Fails(() => eks.DeleteClusterAsync(name, Ct), "ResourceNotFoundException", HttpStatusCode.NotFound);

        var version = await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = role, Version = "1.20" }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal("unsupported Kubernetes version 1.20", version.ErrorMessage);

        var noRole = "arn:aws:iam::000000000000:role/" + Unique("absent");
        var absent = await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = noRole }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal($"Role with arn: {noRole}, could not be assumed because it does not exist or the trusted entity is not correct", absent.ErrorMessage);

        var ec2Role = (await iam.CreateRoleAsync(new Platform.Aws.Iam.CreateRoleRequest { RoleName = Unique("ec2"), AssumeRolePolicyDocument = Tests.Iam.IamTestSupport.TrustEc2 }, Ct)).Arn;
        await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = ec2Role }, Ct), "InvalidParameterException", HttpStatusCode.BadRequest);

        await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = "-bad", RoleArn = role }, Ct), "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = role, AuthenticationMode = "CONFIG_MAP", BootstrapClusterCreatorAdminPermissions = false }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);

        await eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = role }, Ct);
        var duplicate = await Fails(() => eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = role }, Ct),
            "ResourceInUseException", HttpStatusCode.Conflict);
        Assert.Equal($"Cluster already exists with name: {name}", duplicate.ErrorMessage);

        await eks.WaitUntilActiveAsync(name, Ct);
        await eks.DeleteClusterAsync(name, Ct);
    }

    [Fact]
    public async Task A_retry_with_the_same_client_request_token_is_the_same_request()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var request = new CreateClusterRequest { SubnetIds = subnets, Name = Unique("idem"), RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")), ClientRequestToken = Guid.NewGuid().ToString() };
        var first = await eks.CreateClusterAsync(request, Ct);
        var again = await eks.CreateClusterAsync(request, Ct);
        Assert.Equal(first.Arn, again.Arn);
        Assert.Equal(first.OidcIssuer, again.OidcIssuer);
        await eks.WaitUntilActiveAsync(request.Name, Ct);
        await eks.DeleteClusterAsync(request.Name, Ct);
    }

    [Fact]
    public async Task List_pages_through_the_regions_clusters()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        // A region of its own, so other tests' clusters do not show.
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials, "eu-north-1");
        var subnets = await SubnetsAsync(eks);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        string[] names = [Unique("list-a"), Unique("list-b")];
        foreach (var name in names) await eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = name, RoleArn = role }, Ct);

        var first = await eks.ListClustersAsync(maxResults: 1, cancellationToken: Ct);
        Assert.Single(first.Items);
        Assert.NotNull(first.NextToken);
        var second = await eks.ListClustersAsync(maxResults: 1, nextToken: first.NextToken, cancellationToken: Ct);
        Assert.Equal(names, first.Items.Concat(second.Items));
        Assert.Null(second.NextToken);
        Assert.Equal(names, await eks.ListAllClustersAsync(Ct));
        await Fails(() => eks.ListClustersAsync(maxResults: 101, cancellationToken: Ct), "InvalidParameterException", HttpStatusCode.BadRequest);

        foreach (var name in names)
        {
            await eks.WaitUntilActiveAsync(name, Ct);
            await eks.DeleteClusterAsync(name, Ct);
        }
    }

    [Fact]
    public async Task Delete_answers_deleting_stops_the_api_server_and_forgets_the_cluster()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var name = Unique("delete");
        var cluster = await ActiveClusterAsync(eks, name, await ClusterRoleAsync(iam, Unique("eks-role")));
        Assert.True(await Listening(cluster.Endpoint!.Port));

        var deleting = await eks.DeleteClusterAsync(name, Ct);
        Assert.Equal("DELETING", deleting.Status);
        await eks.WaitUntilDeletedAsync(name, Ct);
        Assert.DoesNotContain(name, await eks.ListAllClustersAsync(Ct));
        Assert.False(await Listening(cluster.Endpoint.Port));

        // The name is free again, for a new cluster with a new issuer.
        var again = await ActiveClusterAsync(eks, name, cluster.RoleArn);
        Assert.NotEqual(cluster.OidcIssuer, again.OidcIssuer);
        await eks.DeleteClusterAsync(name, Ct);
    }

    [Fact]
    public async Task Tags_can_be_listed_added_and_removed_by_arn()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var name = Unique("tags");
        var cluster = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            SubnetIds = subnets,
            Name = name,
            RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")),
            Tags = new Dictionary<string, string> { ["a"] = "1" },
        }, Ct);
        await eks.TagResourceAsync(cluster.Arn, new Dictionary<string, string> { ["b"] = "2" }, Ct);
        await eks.UntagResourceAsync(cluster.Arn, ["a"], Ct);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, await eks.ListTagsForResourceAsync(cluster.Arn, Ct));
        await eks.WaitUntilActiveAsync(name, Ct);
        await eks.DeleteClusterAsync(name, Ct);
    }

    private static async Task<bool> Listening(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, Ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
