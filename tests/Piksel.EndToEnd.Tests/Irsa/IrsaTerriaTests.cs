using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Irsa;

/// <summary>
/// IRSA for the terria row: a projected-style token of <c>terria/terria-sa</c> assumes its role through STS, and the
/// role reaches the terria bucket and nothing else; another service account's token is refused.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IrsaTerriaTests(PlatformFixture fixture)
{
    private const string Audience = "sts.amazonaws.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification)]
    public async Task Terria_token_assumes_its_role_which_may_write_terria_and_not_argo_artifacts()
    {
        var applied = fixture.Applied;
        var roleArn = applied.Outputs["roles.terria/terria-sa"];
        var token = await TokenAsync("terria", "terria-sa");

        var session = await AssumeAsync(roleArn, token);
        Assert.StartsWith("ASIA", session.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:sts::{fixture.Settings.Account}:assumed-role/{fixture.Names.Role("terria")}/e2e-terria", session.AssumedRoleUser.Arn);
        Assert.Equal("system:serviceaccount:terria:terria-sa", session.SubjectFromWebIdentityToken);

        using var s3 = S3(session.Credentials);
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = fixture.Names.TerriaBucket, Key = "e2e/irsa.txt", ContentBody = "terria" }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);

        var denied = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.PutObjectAsync(new PutObjectRequest { BucketName = fixture.Names.ArtifactsBucket, Key = "e2e/irsa.txt", ContentBody = "terria" }, Ct));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [PlatformFact(ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification)]
    public async Task A_token_of_another_service_account_cannot_assume_the_terria_role()
    {
        var applied = fixture.Applied;
        var roleArn = applied.Outputs["roles.terria/terria-sa"];
        var otherToken = await TokenAsync("monitoring", "grafana");

        var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeAsync(roleArn, otherToken));
        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>A TokenRequest for the service account with the STS audience, as the pod-identity webhook projects it.</summary>
    private async Task<string> TokenAsync(string ns, string serviceAccount)
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var request = await kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [Audience], ExpirationSeconds = 3600 } },
            serviceAccount,
            ns,
            cancellationToken: Ct);
        Assert.False(string.IsNullOrEmpty(request.Status?.Token));
        return request.Status!.Token;
    }

    /// <summary>AssumeRoleWithWebIdentity without credentials, as the SDKs do from AWS_WEB_IDENTITY_TOKEN_FILE.</summary>
    private async Task<AssumeRoleWithWebIdentityResponse> AssumeAsync(string roleArn, string token)
    {
        using var sts = new AmazonSecurityTokenServiceClient(
            new AnonymousAWSCredentials(),
            new AmazonSecurityTokenServiceConfig { ServiceURL = fixture.Provider.Aws.ServiceUrl!.ToString(), AuthenticationRegion = fixture.Settings.Region });
        return await sts.AssumeRoleWithWebIdentityAsync(
            new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = "e2e-terria", WebIdentityToken = token, DurationSeconds = 900 },
            Ct);
    }

    private AmazonS3Client S3(Credentials credentials) =>
        new(
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            new AmazonS3Config { ServiceURL = fixture.Provider.Aws.ServiceUrl!.ToString(), AuthenticationRegion = fixture.Settings.Region, ForcePathStyle = true });
}
