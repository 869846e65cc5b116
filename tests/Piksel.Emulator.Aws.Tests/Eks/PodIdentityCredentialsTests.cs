using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksWire;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// EKS Auth's AssumeRoleForPodIdentity (signed HTTP: the AWS CLI v1 has no eks-auth): a pod's projected token for
/// pods.eks.amazonaws.com becomes a session of its service account's role, with EKS's session tags, or the error EKS Auth gives.
/// </summary>
public sealed class PodIdentityCredentialsTests
{
    private static readonly AWSCredentials Root = EksNetworkKit.Root;

    [Fact]
    public async Task A_pods_token_buys_its_roles_credentials_tagged_as_eks_tags_them_and_nothing_else()
    {
        var clock = new OffsetClock();
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromHours(3) }, cancellationToken: Ct);
        using var iam = NewIam(emulator.Endpoint, Root);
        using var eks = NewEks(emulator.Endpoint, Root);
        using var wire = new EksWire(emulator.Endpoint, Root);
        using var auth = new EksWire(emulator.Endpoint, Root, service: "eks-auth");
        var cluster = await ActiveClusterAsync(eks, "pod-identity", await ClusterRoleAsync(iam, "eks-role"));
        using var kube = Kube(cluster, await TokenAsync(emulator.Endpoint, Root, cluster.Name));

        var role = await RoleAsync(iam, TrustPods, "reader");
        // Only for its own namespace's sessions: the session tags are what the condition reads.
        await iam.PutRolePolicyAsync(role.Split('/')[^1], "list", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/kubernetes-namespace":"apps"}}}]}
            """, Ct);
        var untrusted = await RoleAsync(iam, TrustEks, "untrusted");
        var association = Ok(await wire.PostAsync($"/clusters/{cluster.Name}/pod-identity-associations",
            new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = role }))["association"]!;
        Ok(await wire.PostAsync($"/clusters/{cluster.Name}/pod-identity-associations",
            new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "untrusted", ["roleArn"] = untrusted }));

        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        var reader = await PodTokenAsync(kube, "reader", "reader-0");
        var path = $"/clusters/{cluster.Name}/assume-role-for-pod-identity";

        var answer = Ok(await auth.PostAsync(path, new JsonObject { ["token"] = reader.Token }));
        Assert.Equal(("apps", "reader"), (answer["subject"]!["namespace"]!.GetValue<string>(), answer["subject"]!["serviceAccount"]!.GetValue<string>()));
        Assert.Equal("pods.eks.amazonaws.com", answer["audience"]!.GetValue<string>());
        Assert.Equal(association["associationId"]!.GetValue<string>(), answer["podIdentityAssociation"]!["associationId"]!.GetValue<string>());
        Assert.StartsWith($"arn:aws:sts::000000000000:assumed-role/{role.Split('/')[^1]}/eks-pod-identity-reader-0-", answer["assumedRoleUser"]!["arn"]!.GetValue<string>(), StringComparison.Ordinal);
        var credentials = answer["credentials"]!;
        var session = new SessionAWSCredentials(credentials["accessKeyId"]!.GetValue<string>(), credentials["secretAccessKey"]!.GetValue<string>(), credentials["sessionToken"]!.GetValue<string>());
        Assert.StartsWith("ASIA", credentials["accessKeyId"]!.GetValue<string>(), StringComparison.Ordinal);

        using var sts = new AmazonSecurityTokenServiceClient(session, Config<AmazonSecurityTokenServiceConfig>(emulator));
        Assert.Equal(answer["assumedRoleUser"]!["arn"]!.GetValue<string>(), (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct)).Arn);
        using var s3 = new AmazonS3Client(session, Config<AmazonS3Config>(emulator));
        await s3.ListBucketsAsync(Ct);
        var denied = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutBucketAsync("pod-identity-not-allowed", Ct));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        var tags = emulator.State.Credentials.Sessions.Find(credentials["accessKeyId"]!.GetValue<string>())!.SessionTags;
        Assert.Equal(cluster.Arn, tags["eks-cluster-arn"]);
        Assert.Equal((cluster.Name, "apps", "reader", "reader-0", reader.PodUid),
            (tags["eks-cluster-name"], tags["kubernetes-namespace"], tags["kubernetes-service-account"], tags["kubernetes-pod-name"], tags["kubernetes-pod-uid"]));

        // Errors, as EKS Auth gives them.
        var untrustedToken = await PodTokenAsync(kube, "untrusted", "untrusted-0");
        Error(await auth.PostAsync(path, new JsonObject { ["token"] = untrustedToken.Token }), "AccessDeniedException", HttpStatusCode.BadRequest);
        var loner = await PodTokenAsync(kube, "loner", "loner-0");
        Error(await auth.PostAsync(path, new JsonObject { ["token"] = loner.Token }), "ResourceNotFoundException", HttpStatusCode.NotFound);
        var apiAudience = await PodTokenAsync(kube, "reader", "reader-1", audience: null);
        Error(await auth.PostAsync(path, new JsonObject { ["token"] = apiAudience.Token }), "InvalidTokenException", HttpStatusCode.BadRequest);
        var garbage = Error(await auth.PostAsync(path, new JsonObject { ["token"] = "not.a.jwt" }), "InvalidTokenException", HttpStatusCode.BadRequest);
        Assert.DoesNotContain("not.a.jwt", garbage, StringComparison.Ordinal);
        Error(await auth.PostAsync(path, new JsonObject()), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await auth.PostAsync($"/clusters/nope/assume-role-for-pod-identity", new JsonObject { ["token"] = reader.Token }), "ResourceNotFoundException", HttpStatusCode.NotFound);

        // Without eks-auth:AssumeRoleForPodIdentity (the agent's node role has it), the call is refused.
        var (_, user) = await UserAsync(iam, "no-agent", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""");
        using var notAgent = new EksWire(emulator.Endpoint, user, service: "eks-auth");
        var refused = Error(await notAgent.PostAsync(path, new JsonObject { ["token"] = reader.Token }), "AccessDeniedException", HttpStatusCode.Forbidden);
        Assert.Contains("eks-auth:AssumeRoleForPodIdentity", refused, StringComparison.Ordinal);

        // Projected tokens expire.
        clock.Advance(TimeSpan.FromHours(2));
        Error(await auth.PostAsync(path, new JsonObject { ["token"] = reader.Token }), "ExpiredTokenException", HttpStatusCode.BadRequest);
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    /// <summary>A service account, a pod of it, and a token bound to that pod for <paramref name="audience"/> (the API server's when null).</summary>
    internal static async Task<(string Token, string PodUid)> PodTokenAsync(k8s.Kubernetes kube, string serviceAccount, string pod, string? audience = "pods.eks.amazonaws.com")
    {
        try
        {
            await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = serviceAccount } }, "apps", cancellationToken: Ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Made for an earlier pod.
        }
        var created = await kube.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = pod },
            Spec = new V1PodSpec { ServiceAccountName = serviceAccount, Containers = [new V1Container { Name = "app", Image = "busybox" }] },
        }, "apps", cancellationToken: Ct);
        var request = await kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                Audiences = audience is null ? [] : [audience],
                ExpirationSeconds = 3600,
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod, Uid = created.Metadata.Uid },
            },
        }, serviceAccount, "apps", cancellationToken: Ct);
        return (request.Status.Token, created.Metadata.Uid);
    }

    internal static T Config<T>(AwsEmulator emulator) where T : ClientConfig, new()
    {
        var config = new T { ServiceURL = emulator.Endpoint.ToString().TrimEnd('/'), AuthenticationRegion = Region, MaxErrorRetry = 0 };
        if (config is AmazonS3Config s3) s3.ForcePathStyle = true;
        return config;
    }
}
