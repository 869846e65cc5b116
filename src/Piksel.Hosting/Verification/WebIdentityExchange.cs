using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Piksel.Hosting.Verification;

/// <summary>
/// IRSA as a workload does it: a TokenRequest for the service account (as the pod-identity webhook projects it), then
/// AssumeRoleWithWebIdentity with that token and no credentials.
/// </summary>
internal sealed class WebIdentityExchange(VerificationContext context)
{
    /// <summary>A token of <paramref name="ns"/>/<paramref name="serviceAccount"/> for <paramref name="audience"/>, exchanged for <paramref name="roleArn"/>.</summary>
    public async Task<WebIdentityAttempt> AssumeAsync(
        string ns, string serviceAccount, string audience, int seconds, string roleArn, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await TokenAsync(ns, serviceAccount, audience, seconds, cancellationToken);
        }
        catch (HttpOperationException e)
        {
            return new WebIdentityAttempt(CheckOutcome.Failed, $"TokenRequest for {ns}/{serviceAccount} failed: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}");
        }

        return await AssumeWithTokenAsync(token, roleArn, cancellationToken);
    }

    /// <summary><paramref name="token"/> exchanged for <paramref name="roleArn"/>; STS's refusal is the attempt's Refusal.</summary>
    public async Task<WebIdentityAttempt> AssumeWithTokenAsync(string token, string roleArn, CancellationToken cancellationToken)
    {
        try
        {
            var response = await context.Sts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = "piksel-verify", WebIdentityToken = token, DurationSeconds = 900 },
                cancellationToken);
            return new WebIdentityAttempt(CheckOutcome.Passed, response.AssumedRoleUser.Arn, response.Credentials);
        }
        catch (AmazonServiceException e)
        {
            var code = e.ErrorCode ?? string.Empty;
            return new WebIdentityAttempt(CheckOutcome.Failed, $"refused: {code}", Refusal: code);
        }
    }

    /// <summary>A TokenRequest's token; the API server's refusal is thrown.</summary>
    public async Task<string> TokenAsync(string ns, string serviceAccount, string audience, int seconds, CancellationToken cancellationToken)
    {
        var request = await context.Kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [audience], ExpirationSeconds = seconds } },
            serviceAccount,
            ns,
            cancellationToken: cancellationToken);
        return request.Status.Token;
    }
}
