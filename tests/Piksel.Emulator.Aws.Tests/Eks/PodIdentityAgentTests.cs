using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.EksAuth;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// The local Pod Identity Agent (<c>GET /_piksel/pod-identity-agent/v1/credentials</c>): a pod's projected token in the
/// Authorization header buys its role's session, in the agent's JSON, or the agent's error status with a message.
/// </summary>
public sealed class PodIdentityAgentTests
{
    [Fact]
    public async Task A_pods_token_buys_its_roles_session_from_the_agent_allowed_only_the_roles_actions()
    {
        var clock = new OffsetClock();
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromHours(3) }, cancellationToken: Ct);
        var pods = await PodIdentityPodsAsync(emulator);
        using var http = new HttpClient { BaseAddress = emulator.Endpoint };

        var (status, body) = await CredentialsAsync(http, pods.Reader.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["AccessKeyId", "SecretAccessKey", "Token", "AccountId", "Expiration"], answer.Select(p => p.Key));
        Assert.Equal("000000000000", answer["AccountId"]!.GetValue<string>());
        var expiration = answer["Expiration"]!.GetValue<string>();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", expiration);
        var session = new SessionAWSCredentials(answer["AccessKeyId"]!.GetValue<string>(), answer["SecretAccessKey"]!.GetValue<string>(), answer["Token"]!.GetValue<string>());
        Assert.Equal(emulator.State.Credentials.Sessions.Find(answer["AccessKeyId"]!.GetValue<string>())!.Expiration,
            DateTimeOffset.Parse(expiration, System.Globalization.CultureInfo.InvariantCulture));

        await AssertRoleSessionAsync(emulator, pods, session, answer["AccessKeyId"]!.GetValue<string>());

        // Errors as the agent gives them, none echoing the token.
        await Refused(http, null, HttpStatusCode.BadRequest);
        await Refused(http, "", HttpStatusCode.BadRequest);
        await Refused(http, new string('a', 16 * 1024 + 1), HttpStatusCode.BadRequest);
        await Refused(http, "not.a.jwt", HttpStatusCode.Unauthorized);
        await Refused(http, "garbage", HttpStatusCode.Unauthorized);
        await Refused(http, "Bearer " + pods.Reader.Token, HttpStatusCode.Unauthorized);
        await Refused(http, pods.ApiAudience.Token, HttpStatusCode.Unauthorized);
        await Refused(http, Forged(pods.Reader.Token, "https://oidc.eks.ap-southeast-3.amazonaws.com/id/NOSUCHCLUSTER"), HttpStatusCode.NotFound);
        await Refused(http, Forged(pods.Reader.Token, pods.Issuer), HttpStatusCode.Unauthorized);
        await Refused(http, pods.Untrusted.Token, HttpStatusCode.Forbidden);
        await Refused(http, pods.Loner.Token, HttpStatusCode.NotFound);

        using (var post = await http.PostAsync(PodIdentityAgentEndpoint.CredentialsPath, new StringContent(""), Ct))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            Assert.NotNull(JsonNode.Parse(await post.Content.ReadAsStringAsync(Ct))!["message"]);
        }
        using (var elsewhere = await http.GetAsync(PodIdentityAgentEndpoint.Path + "/v2/credentials", Ct))
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);

        // Projected tokens expire.
        clock.Advance(TimeSpan.FromHours(2));
        var expired = await Refused(http, pods.Reader.Token, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", expired, StringComparison.Ordinal);
    }

    /// <summary>The pods of <see cref="A_pods_token_buys_its_roles_session_from_the_agent_allowed_only_the_roles_actions"/>, made the same way.</summary>
    internal static async Task<AgentPods> PodIdentityPodsAsync(AwsEmulator emulator)
    {
        using var iam = NewIam(emulator.Endpoint, EksNetworkKit.Root);
        using var eks = NewEks(emulator.Endpoint, EksNetworkKit.Root);
        using var wire = new EksWire(emulator.Endpoint, EksNetworkKit.Root);
        var cluster = await ActiveClusterAsync(eks, "agent", await ClusterRoleAsync(iam, "eks-role"));
        using var kube = Kube(cluster, await TokenAsync(emulator.Endpoint, EksNetworkKit.Root, cluster.Name));

        var role = await RoleAsync(iam, TrustPods, "reader");
        // Only for its own namespace's sessions: the session tags are what the condition reads.
        await iam.PutRolePolicyAsync(role.Split('/')[^1], "list", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/kubernetes-namespace":"apps"}}}]}
            """, Ct);
        var untrusted = await RoleAsync(iam, TrustEks, "untrusted");
        EksWire.Ok(await wire.PostAsync($"/clusters/{cluster.Name}/pod-identity-associations",
            new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = role }));
        EksWire.Ok(await wire.PostAsync($"/clusters/{cluster.Name}/pod-identity-associations",
            new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "untrusted", ["roleArn"] = untrusted }));

        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        return new AgentPods(
            cluster.Arn,
            cluster.OidcIssuer!,
            role,
            await PodIdentityCredentialsTests.PodTokenAsync(kube, "reader", "reader-0"),
            await PodIdentityCredentialsTests.PodTokenAsync(kube, "untrusted", "untrusted-0"),
            await PodIdentityCredentialsTests.PodTokenAsync(kube, "loner", "loner-0"),
            await PodIdentityCredentialsTests.PodTokenAsync(kube, "reader", "reader-1", audience: null));
    }

    /// <summary>The session is the association's role's, tagged as EKS tags it, and may do what the role allows and nothing else.</summary>
    internal static async Task AssertRoleSessionAsync(AwsEmulator emulator, AgentPods pods, AWSCredentials session, string accessKeyId)
    {
        using var sts = new AmazonSecurityTokenServiceClient(session, PodIdentityCredentialsTests.Config<AmazonSecurityTokenServiceConfig>(emulator));
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);
        Assert.StartsWith($"arn:aws:sts::000000000000:assumed-role/{pods.RoleArn.Split('/')[^1]}/eks-agent-reader-0-", identity.Arn, StringComparison.Ordinal);
        var tags = emulator.State.Credentials.Sessions.Find(accessKeyId)!.SessionTags;
        Assert.Equal((pods.ClusterArn, "agent", "apps", "reader", "reader-0", pods.Reader.PodUid),
            (tags["eks-cluster-arn"], tags["eks-cluster-name"], tags["kubernetes-namespace"], tags["kubernetes-service-account"], tags["kubernetes-pod-name"], tags["kubernetes-pod-uid"]));

        using var s3 = new AmazonS3Client(session, PodIdentityCredentialsTests.Config<AmazonS3Config>(emulator));
        await s3.ListBucketsAsync(Ct);
        var denied = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutBucketAsync("agent-not-allowed", Ct));
        Assert.Equal("AccessDenied", denied.ErrorCode);
    }

    private static async Task<(HttpStatusCode Status, string Body)> CredentialsAsync(HttpClient http, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PodIdentityAgentEndpoint.CredentialsPath);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> Refused(HttpClient http, string? token, HttpStatusCode expected)
    {
        var (status, body) = await CredentialsAsync(http, token);
        Assert.Equal(expected, status);
        var message = JsonNode.Parse(body)!["message"]!.GetValue<string>();
        Assert.NotEmpty(message);
        if (!string.IsNullOrEmpty(token)) Assert.DoesNotContain(token.Length > 64 ? token[^64..] : token, body, StringComparison.Ordinal);
        return message;
    }

    /// <summary><paramref name="token"/> with its payload's issuer replaced (the signature no longer matches).</summary>
    private static string Forged(string token, string issuer)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Padded(parts[1]))))!.AsObject();
        payload["iss"] = issuer;
        payload["sub"] = "system:serviceaccount:apps:forged";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{parts[0]}.{encoded}.{parts[2]}";
    }

    private static string Padded(string segment)
    {
        var text = segment.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    /// <summary>A cluster with Pod Identity associations and tokens of its pods.</summary>
    internal sealed record AgentPods(string ClusterArn, string Issuer, string RoleArn, (string Token, string PodUid) Reader,
        (string Token, string PodUid) Untrusted, (string Token, string PodUid) Loner, (string Token, string PodUid) ApiAudience);
}
