using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using k8s;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Clients, roles, users and cluster helpers the EKS tests share.</summary>
internal static class EksTestKit
{
    public const string Region = "ap-southeast-3";

    public const string TrustEks = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static AwsClientOptions Options(Uri endpoint, AWSCredentials credentials, string region = Region) =>
        new() { ServiceUrl = endpoint, Credentials = credentials, Region = region };

    public static EksClient NewEks(Uri endpoint, AWSCredentials credentials, string region = Region)
    {
        var client = new EksClient(Options(endpoint, credentials, region)) { PollInterval = TimeSpan.FromMilliseconds(25) };
        Places.AddOrUpdate(client, new Place(endpoint, region));
        return client;
    }

    /// <summary>Where each client of <see cref="NewEks"/> points: its clusters' subnets are made there.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EksClient, Place> Places = [];

    private sealed record Place(Uri Endpoint, string Region);

    public static IamClient NewIam(Uri endpoint, AWSCredentials credentials) => new(new AwsClientOptions { ServiceUrl = endpoint, Credentials = credentials });

    /// <summary>A role EKS may assume, as a cluster's service role.</summary>
    public static async Task<string> ClusterRoleAsync(IamClient iam, string name) =>
        (await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = TrustEks }, Ct)).Arn;

    /// <summary>An IAM user with <paramref name="policy"/> inline (when given) and its keys.</summary>
    public static async Task<(string Arn, AWSCredentials Credentials)> UserAsync(IamClient iam, string name, string? policy = null)
    {
        var user = await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Ct);
        if (policy is not null) await iam.PutUserPolicyAsync(name, "inline", policy, Ct);
        var key = await iam.CreateAccessKeyAsync(name, Ct);
        return (user.Arn, new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));
    }

    /// <summary>Two new private subnets in two zones, where <paramref name="eks"/> points.</summary>
    public static Task<IReadOnlyList<string>> SubnetsAsync(EksClient eks) =>
        Places.TryGetValue(eks, out var place) ? EksNetworkKit.SubnetsAsync(place.Endpoint, place.Region) : throw new InvalidOperationException("Make the EKS client with NewEks.");

    /// <summary>
    /// Creates a cluster (in two new private subnets of the client's emulator and region) with <paramref name="configure"/>
    /// applied and waits until it is ACTIVE.
    /// </summary>
    public static async Task<EksCluster> ActiveClusterAsync(EksClient eks, string name, string roleArn, Func<CreateClusterRequest, CreateClusterRequest>? configure = null)
    {
        var subnets = await SubnetsAsync(eks);
        var request = new CreateClusterRequest { Name = name, RoleArn = roleArn, SubnetIds = subnets, AuthenticationMode = "API" };
        await eks.CreateClusterAsync(configure is null ? request : configure(request), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await eks.WaitUntilActiveAsync(name, timeout.Token);
    }

    /// <summary>A KubernetesClient for the cluster's endpoint and CA, authenticating with <paramref name="token"/>.</summary>
    public static k8s.Kubernetes Kube(EksCluster cluster, string token) => new(new KubernetesClientConfiguration
    {
        Host = cluster.Endpoint!.ToString(),
        AccessToken = token,
        SslCaCerts = [X509Certificate2.CreateFromPem(cluster.CertificateAuthorityPem!)],
    });

    /// <summary>An EKS token for <paramref name="clusterName"/> signed with <paramref name="credentials"/> against the emulator's STS.</summary>
    public static async Task<string> TokenAsync(Uri endpoint, AWSCredentials credentials, string clusterName, TimeProvider? time = null) =>
        (await new EksTokenGenerator(Options(endpoint, credentials), time).GetTokenAsync(clusterName, Ct)).Token;

    public static async Task<AwsApiException> Fails(Func<Task> call, string code, System.Net.HttpStatusCode status)
    {
        var error = await Assert.ThrowsAsync<AwsApiException>(call);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        return error;
    }

    public static Uri Endpoint(EmulatorFixture fixture) => fixture.Emulator.Endpoint;
}
