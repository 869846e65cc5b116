using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// IRSA through the EKS API alone: the emulator runs with no OIDC host mapping or trusted CA, yet STS verifies a
/// service-account token of a cluster it created, because each cluster's issuer is registered with the emulator.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class IrsaTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_service_account_of_an_eks_cluster_assumes_its_role_with_no_host_mapping()
    {
        Assert.Null(fixture.Emulator.Options.OidcHttpHandlerFactory);
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ActiveClusterAsync(eks, Unique("irsa"), await ClusterRoleAsync(iam, Unique("eks-role")));
        var issuer = cluster.OidcIssuer!;
        var hostPath = issuer["https://".Length..];

        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = issuer, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var trust = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{provider}}"},"Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"{{hostPath}}:sub":"system:serviceaccount:apps:reader","{{hostPath}}:aud":"sts.amazonaws.com"} } }]}
            """;
        var roleName = Unique("irsa-reader");
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = trust }, Ct);

        using var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        foreach (var name in new[] { "reader", "intruder" })
            await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, "apps", cancellationToken: Ct);

        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), fixture.Config<AmazonSecurityTokenServiceConfig>(Region));
        var assumed = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "pod",
            WebIdentityToken = await ServiceAccountTokenAsync(kube, "reader"),
        }, Ct);
        Assert.Equal("system:serviceaccount:apps:reader", assumed.SubjectFromWebIdentityToken);
        Assert.Equal(provider, assumed.Provider);
        Assert.Equal($"arn:aws:sts::000000000000:assumed-role/{roleName}/pod", assumed.AssumedRoleUser.Arn);

        var intruder = await ServiceAccountTokenAsync(kube, "intruder");
        var refused = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "pod",
            WebIdentityToken = intruder,
        }, Ct));
        Assert.Equal("AccessDenied", refused.ErrorCode);

        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    private static async Task<string> ServiceAccountTokenAsync(k8s.Kubernetes kube, string serviceAccount) =>
        (await kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["sts.amazonaws.com"], ExpirationSeconds = 3600 } },
            serviceAccount, "apps", cancellationToken: Ct)).Status.Token;
}
