using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>The IRSA checks of one row of the table.</summary>
public sealed partial class PlatformVerifier
{
    private const string Area = "IRSA";

    /// <summary>The error codes with which AWS refuses a call for want of permission.</summary>
    private static readonly HashSet<string> DeniedCodes = new(StringComparer.Ordinal) { "AccessDenied", "AccessDeniedException", "UnauthorizedOperation" };

    /// <summary>
    /// For <paramref name="row"/>: each service account's token assumes the role; with that role the allowed calls
    /// succeed and the denied ones are refused; a token of the namespace's <c>default</c> service account, a token with
    /// another audience and an expired token are refused.
    /// </summary>
    public async Task<IReadOnlyList<CheckResult>> VerifyIrsaAsync(IrsaExpectation row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var aws = Context();
        using var kube = await KubernetesAsync(cancellationToken).ConfigureAwait(false);
        using var sts = AnonymousSts();
        return await VerifyIrsaAsync(row, aws, kube, sts, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CheckResult>> VerifyIrsaAsync(
        IrsaExpectation row, AwsHandlerContext aws, IKubernetes kube, AmazonSecurityTokenServiceClient sts, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        Credentials? session = null;
        foreach (var serviceAccount in row.ServiceAccounts)
        {
            var subject = $"{row.Namespace}/{serviceAccount}";
            var (outcome, detail, credentials, _) = await AssumeAsync(kube, sts, row.Namespace, serviceAccount, StsAudience, 3600, row.RoleArn, cancellationToken).ConfigureAwait(false);
            results.Add(new CheckResult(Area, subject, "token (aud sts.amazonaws.com) assumes the role", outcome, detail));
            session ??= credentials;
        }

        foreach (var (probe, allowed) in row.Allowed.Select(p => (p, true)).Concat(row.Denied.Select(p => (p, false))))
        {
            var check = Describe(probe, allowed);
            if (session is null)
            {
                results.Add(new CheckResult(Area, row.Name, check, CheckOutcome.Failed, "no session: the role could not be assumed"));
                continue;
            }

            var error = await RunProbeAsync(aws, probe, session, cancellationToken).ConfigureAwait(false);
            results.Add((allowed, error) switch
            {
                (true, null) => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, "allowed"),
                (true, _) => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"refused: {error}"),
                (false, null) => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, "ALLOWED: the role reaches beyond its scope"),
                (false, _) when DeniedCodes.Contains(error.Code) => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, error.Code),
                (false, _) => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"not a denial: {error}"),
            });
        }

        results.Add(await RefusedAsync(row, kube, sts, "default", StsAudience, "token of the namespace's default service account is refused", cancellationToken).ConfigureAwait(false));
        results.Add(await RefusedAsync(row, kube, sts, row.ServiceAccounts[0], OtherAudience, $"token with audience {OtherAudience} is refused", cancellationToken).ConfigureAwait(false));
        results.Add(await ExpiredRefusedAsync(row, kube, sts, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static string Describe(AccessProbe probe, bool allowed) => $"{(allowed ? "may" : "may not")} {probe.Action} {probe.Target}";

    /// <summary>A refusal check: a token of <paramref name="serviceAccount"/> with <paramref name="audience"/> must not assume the role.</summary>
    private async Task<CheckResult> RefusedAsync(
        IrsaExpectation row, IKubernetes kube, AmazonSecurityTokenServiceClient sts, string serviceAccount, string audience, string check, CancellationToken cancellationToken)
    {
        var (outcome, detail, _, refusal) = await AssumeAsync(kube, sts, row.Namespace, serviceAccount, audience, 3600, row.RoleArn, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            CheckOutcome.Passed => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"ACCEPTED: {detail}"),
            _ when refusal is not null => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, refusal),
            _ => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, detail),
        };
    }

    /// <summary>
    /// An expired token is refused: a ten-minute token (TokenRequest's shortest) presented when the provider's clock has
    /// moved eleven minutes on. Only where the provider's clock can move; elsewhere it would take ten minutes.
    /// </summary>
    private async Task<CheckResult> ExpiredRefusedAsync(IrsaExpectation row, IKubernetes kube, AmazonSecurityTokenServiceClient sts, CancellationToken cancellationToken)
    {
        const string Check = "expired token is refused";
        if (provider is not IClockControl clock)
        {
            return new CheckResult(Area, row.Name, Check, CheckOutcome.Skipped, $"the {provider.Kind.ToString().ToLowerInvariant()} provider's clock cannot move here, and a token lives at least 10 min");
        }

        string token;
        try
        {
            token = await TokenAsync(kube, row.Namespace, row.ServiceAccounts[0], StsAudience, 600, cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"TokenRequest failed: {(int)e.Response.StatusCode}");
        }

        using (clock.Shift(TimeSpan.FromMinutes(11)))
        {
            var (outcome, detail, _, refusal) = await AssumeWithTokenAsync(sts, token, row.RoleArn, cancellationToken).ConfigureAwait(false);
            return outcome == CheckOutcome.Passed
                ? new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"ACCEPTED: {detail}")
                : refusal == "ExpiredTokenException"
                    ? new CheckResult(Area, row.Name, Check, CheckOutcome.Passed, "ExpiredTokenException")
                    : new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"not refused as expired: {detail}");
        }
    }

    /// <summary>
    /// A token of the service account (as the pod-identity webhook projects it) exchanged for the role; Refusal is STS's
    /// error code when STS refused it.
    /// </summary>
    private static async Task<(CheckOutcome Outcome, string Detail, Credentials? Credentials, string? Refusal)> AssumeAsync(
        IKubernetes kube, AmazonSecurityTokenServiceClient sts, string ns, string serviceAccount, string audience, int seconds, string roleArn, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await TokenAsync(kube, ns, serviceAccount, audience, seconds, cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return (CheckOutcome.Failed, $"TokenRequest for {ns}/{serviceAccount} failed: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}", null, null);
        }

        return await AssumeWithTokenAsync(sts, token, roleArn, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(CheckOutcome Outcome, string Detail, Credentials? Credentials, string? Refusal)> AssumeWithTokenAsync(
        AmazonSecurityTokenServiceClient sts, string token, string roleArn, CancellationToken cancellationToken)
    {
        try
        {
            var response = await sts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = "piksel-verify", WebIdentityToken = token, DurationSeconds = 900 },
                cancellationToken).ConfigureAwait(false);
            return (CheckOutcome.Passed, response.AssumedRoleUser.Arn, response.Credentials, null);
        }
        catch (AmazonServiceException e)
        {
            var code = e.ErrorCode ?? string.Empty;
            return (CheckOutcome.Failed, $"refused: {code}", null, code);
        }
    }

    private static async Task<string> TokenAsync(IKubernetes kube, string ns, string serviceAccount, string audience, int seconds, CancellationToken cancellationToken)
    {
        var request = await kube.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [audience], ExpirationSeconds = seconds } },
            serviceAccount,
            ns,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return request.Status.Token;
    }
}
