using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Kubernetes;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Integration;

/// <summary>
/// IRSA with both emulators, as on EKS: the cluster issues a service-account token for audience sts.amazonaws.com
/// under its EKS-form issuer; STS fetches the issuer's discovery document and JWKS over HTTPS (the issuer host mapped
/// to the cluster, its CA trusted) and verifies the token before the trust policy is evaluated.
/// </summary>
public sealed class IrsaAcrossEmulatorsTests : IAsyncLifetime
{
    private const string Region = "ap-southeast-3";
    private KubeApiServer cluster = null!;
    private AwsEmulator aws = null!;
    private k8s.Kubernetes kube = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var issuer = $"https://oidc.eks.{Region}.amazonaws.com/id/{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
        var issuerHost = new Uri(issuer).Host;
        cluster = await KubeApiServer.StartAsync(new KubeApiServerOptions { Region = Region, Issuer = issuer, ExtraServingNames = [issuerHost] }, cancellationToken: Ct);
        var resolve = new Dictionary<string, IPEndPoint> { [issuerHost] = new(IPAddress.Loopback, cluster.Endpoint.Port) };
        aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            OidcHttpHandlerFactory = OidcHttpHandlers.Create([cluster.State.Certificates.Authority], resolve),
        }, cancellationToken: Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(cluster.Kubeconfig));
        kube = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    public async ValueTask DisposeAsync()
    {
        kube.Dispose();
        await aws.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_service_account_token_assumes_exactly_the_role_that_trusts_it()
    {
        var hostPath = cluster.Issuer["https://".Length..];
        using var iam = new IamClient(new AwsClientOptions { ServiceUrl = aws.Endpoint, Credentials = new BasicAWSCredentials("test", "test") });
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = cluster.Issuer, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "irsa-reader",
            AssumeRolePolicyDocument =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider + "\"},"
                + "\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{"
                + "\"" + hostPath + ":sub\":\"system:serviceaccount:apps:reader\",\"" + hostPath + ":aud\":\"sts.amazonaws.com\"}}}]}",
        }, Ct);

        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        foreach (var name in new[] { "reader", "intruder" })
            await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, "apps", cancellationToken: Ct);

        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(),
            new AmazonSecurityTokenServiceConfig { ServiceURL = aws.Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });

        var token = await TokenAsync("reader", "sts.amazonaws.com");
        var assumed = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest { RoleArn = role.Arn, RoleSessionName = "pod", WebIdentityToken = token }, Ct);
        Assert.Equal("system:serviceaccount:apps:reader", assumed.SubjectFromWebIdentityToken);
        Assert.Equal("sts.amazonaws.com", assumed.Audience);
        using var asRole = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = aws.Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });
        var me = await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/irsa-reader/pod", me.Arn);

        // Another service account's token, and a token for another audience, are refused.
        var intruderToken = await TokenAsync("intruder", "sts.amazonaws.com");
        var other = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleWithWebIdentityAsync(
            new AssumeRoleWithWebIdentityRequest { RoleArn = role.Arn, RoleSessionName = "pod", WebIdentityToken = intruderToken }, Ct));
        Assert.Equal("AccessDenied", other.ErrorCode);
        var apiToken = await TokenAsync("reader", "https://kubernetes.default.svc");
        var audience = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleWithWebIdentityAsync(
            new AssumeRoleWithWebIdentityRequest { RoleArn = role.Arn, RoleSessionName = "pod", WebIdentityToken = apiToken }, Ct));
        Assert.Equal("InvalidIdentityToken", audience.ErrorCode);
    }

    private async Task<string> TokenAsync(string serviceAccount, string audience)
    {
        var request = await kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [audience], ExpirationSeconds = 3600 } }, serviceAccount, "apps", cancellationToken: Ct);
        return request.Status.Token;
    }
}
