using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.Sts;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// The cluster's API server takes <c>k8s-aws-v1.</c> tokens as EKS does: the presigned GetCallerIdentity URL proves
/// the caller, the access entries decide who they are in Kubernetes, and anything unproven or unmapped is 401.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class TokenAuthenticationTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_creator_reaches_the_cluster_with_an_eks_token_and_is_cluster_admin()
    {
        var (eks, cluster) = await ClusterAsync("creator");
        using (eks)
        {
            using var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
            var created = await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "from-token" } }, cancellationToken: Ct);
            Assert.Equal("from-token", created.Metadata.Name);
            var review = await kube.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
            Assert.Equal("arn:aws:iam::000000000000:root", review.Status.UserInfo.Username);
            Assert.Contains("system:masters", review.Status.UserInfo.Groups);
            Assert.Contains("system:authenticated", review.Status.UserInfo.Groups);
            Assert.StartsWith("aws-iam-authenticator:000000000000:", review.Status.UserInfo.Uid, StringComparison.Ordinal);
            await eks.DeleteClusterAsync(cluster.Name, Ct);
        }
    }

    [Fact]
    public async Task A_principal_without_an_access_entry_is_unauthorized_until_it_gets_one()
    {
        var (eks, cluster) = await ClusterAsync("entry");
        using (eks)
        {
            using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
            var (userArn, credentials) = await UserAsync(iam, Unique("kube-user"));
            using (var stranger = Kube(cluster, await TokenAsync(Endpoint(fixture), credentials, cluster.Name)))
                await Unauthorized(() => stranger.CoreV1.ListNamespaceAsync(cancellationToken: Ct));

            await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = cluster.Name, PrincipalArn = userArn, KubernetesGroups = ["readers"] }, Ct);
            using var member = Kube(cluster, await TokenAsync(Endpoint(fixture), credentials, cluster.Name));
            var review = await member.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
            Assert.Equal(userArn, review.Status.UserInfo.Username);
            Assert.Equal(["readers", "system:authenticated"], review.Status.UserInfo.Groups);

            await eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.ClusterAdmin, EksAccessScope.Cluster, Ct);
            review = await member.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
            Assert.Contains("system:masters", review.Status.UserInfo.Groups);

            await eks.DeleteAccessEntryAsync(cluster.Name, userArn, Ct);
            await Unauthorized(() => member.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            await eks.DeleteClusterAsync(cluster.Name, Ct);
        }
    }

    [Fact]
    public async Task A_role_session_maps_through_its_roles_entry_with_the_session_name_in_the_user_name()
    {
        var (eks, cluster) = await ClusterAsync("role");
        using (eks)
        {
            using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
            var roleName = Unique("kube-admin");
            var role = await iam.CreateRoleAsync(new CreateRoleRequest
            {
                RoleName = roleName,
                Path = "/platform/",
                AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""",
            }, Ct);
            await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = cluster.Name, PrincipalArn = role.Arn }, Ct);
            await eks.AssociateAccessPolicyAsync(cluster.Name, role.Arn, EksAccessPolicyArns.ClusterAdmin, EksAccessScope.Cluster, Ct);

            // Root may not assume roles: an operator user does.
            var (_, operatorKeys) = await UserAsync(iam, Unique("operator"),
                $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"{{role.Arn}}"}]}""");
            using var sts = new AmazonSecurityTokenServiceClient(operatorKeys, fixture.Config<AmazonSecurityTokenServiceConfig>(Region));
            var session = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "alice@example.com" }, Ct);
            var credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken);
            using var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), credentials, cluster.Name));
            var review = await kube.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
            Assert.Equal($"arn:aws:sts::000000000000:assumed-role/{roleName}/alice-example.com", review.Status.UserInfo.Username);
            Assert.Contains("system:masters", review.Status.UserInfo.Groups);
            Assert.Equal([$"arn:aws:sts::000000000000:assumed-role/{roleName}/alice@example.com"], review.Status.UserInfo.Extra["arn"]);
            Assert.Equal([role.Arn], review.Status.UserInfo.Extra["canonicalArn"]);
            await eks.DeleteClusterAsync(cluster.Name, Ct);
        }
    }

    [Fact]
    public async Task Expired_forged_and_other_clusters_tokens_are_unauthorized()
    {
        var (eks, cluster) = await ClusterAsync("forged");
        using (eks)
        {
            // Signed 16 minutes ago: past the 15 minutes EKS allows, though the signature is good.
            var past = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-16));
            using (var expired = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name, past)))
                await Unauthorized(() => expired.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            // 14 minutes ago is still fine (kubectl caches a token that long).
            var recent = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-14));
            using (var cached = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name, recent)))
                Assert.NotNull(await cached.CoreV1.ListNamespaceAsync(cancellationToken: Ct));

            var good = await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name);
            var url = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(good.AsSpan(EksTokenGenerator.Prefix.Length)));
            var forgedUrl = url[..^4] + (url.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
            using (var forged = Kube(cluster, EksTokenGenerator.Prefix + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forgedUrl))))
                await Unauthorized(() => forged.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            var elsewhere = url.Replace("127.0.0.1", "evil.example.com", StringComparison.Ordinal);
            using (var redirected = Kube(cluster, EksTokenGenerator.Prefix + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(elsewhere))))
                await Unauthorized(() => redirected.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            using (var garbage = Kube(cluster, EksTokenGenerator.Prefix + "not-base64!"))
                await Unauthorized(() => garbage.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            // A token is bound to its cluster by the signed x-k8s-aws-id header.
            using (var otherCluster = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, "some-other-cluster")))
                await Unauthorized(() => otherCluster.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            using (var wrongKey = Kube(cluster, await TokenAsync(Endpoint(fixture), new BasicAWSCredentials("test", "not-the-secret"), cluster.Name)))
                await Unauthorized(() => wrongKey.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
            await eks.DeleteClusterAsync(cluster.Name, Ct);
        }
    }

    [Fact]
    public async Task In_config_map_mode_the_creator_is_admin_and_aws_auth_maps_the_others()
    {
        var (eks, cluster) = await ClusterAsync("configmap", r => r with { AuthenticationMode = "CONFIG_MAP" });
        using (eks)
        {
            using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
            var (userArn, credentials) = await UserAsync(iam, Unique("mapped"));
            using var admin = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
            using var user = Kube(cluster, await TokenAsync(Endpoint(fixture), credentials, cluster.Name));
            await Unauthorized(() => user.CoreV1.ListNamespaceAsync(cancellationToken: Ct));

            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = "aws-auth", NamespaceProperty = "kube-system" },
                Data = new Dictionary<string, string> { ["mapUsers"] = $"- userarn: {userArn}\n  username: dev\n  groups:\n    - developers\n" },
            }, "kube-system", cancellationToken: Ct);
            var review = await user.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
            Assert.Equal("dev", review.Status.UserInfo.Username);
            Assert.Equal(["developers", "system:authenticated"], review.Status.UserInfo.Groups);
            await eks.DeleteClusterAsync(cluster.Name, Ct);
        }
    }

    private async Task<(EksClient Eks, EksCluster Cluster)> ClusterAsync(string prefix, Func<CreateClusterRequest, CreateClusterRequest>? configure = null)
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        return (eks, await ActiveClusterAsync(eks, Unique(prefix), await ClusterRoleAsync(iam, Unique("eks-role")), configure));
    }

    private static async Task Unauthorized(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
    }
}
