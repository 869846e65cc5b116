using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;

namespace Piksel.AppHost.Tests;

/// <summary>
/// A request IAM refuses, made as a workload would: terria's service account token (TokenRequest, audience
/// <c>sts.amazonaws.com</c>) exchanged for terria's role, which then lists the argo-artifacts bucket — a bucket its
/// policy does not name. Reads the endpoint, names and kubeconfig from the running environment's files.
/// </summary>
/// <param name="RequestId">The refused request's id, as AWS answered it.</param>
/// <param name="Secrets">The secret values used on the way (keys, session token, the service account token): none may be logged.</param>
internal sealed record DeniedRequest(string RequestId, IReadOnlyList<string> Secrets)
{
    /// <summary>Makes the refused request against the environment that runs in <paramref name="work"/>.</summary>
    public static async Task<DeniedRequest> TerriaListsArgoArtifactsAsync(string work, CancellationToken cancellationToken)
    {
        var root = Path.Combine(work, ".piksel", "local");
        var outputs = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(root, "outputs.json"), cancellationToken))!;
        var env = File.ReadAllLines(Path.Combine(root, "aws.env"))
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

        using var kube = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(root, "kubeconfig")));
        var token = (await kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["sts.amazonaws.com"] } },
            "terria-sa", "terria", cancellationToken: cancellationToken)).Status.Token;
        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = env["AWS_ENDPOINT_URL"],
            AuthenticationRegion = env["AWS_REGION"],
        });
        var assumed = await sts.AssumeRoleWithWebIdentityAsync(
            new AssumeRoleWithWebIdentityRequest { RoleArn = outputs["roles.terria/terria-sa"], RoleSessionName = "dashboard-test", WebIdentityToken = token },
            cancellationToken);
        var credentials = assumed.Credentials;
        using var s3 = new AmazonS3Client(
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            new AmazonS3Config { ServiceURL = env["AWS_ENDPOINT_URL"], ForcePathStyle = true, AuthenticationRegion = env["AWS_REGION"] });
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = outputs["buckets.argo-artifacts"] }, cancellationToken));
        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.False(string.IsNullOrEmpty(refused.RequestId));
        // local's root keys are the well-known test/test: only the values made on the way are secret enough to look for.
        return new DeniedRequest(refused.RequestId, [credentials.SecretAccessKey, credentials.SessionToken, token]);
    }
}
