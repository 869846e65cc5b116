using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
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
        var results = new List<CheckResult>();
        using var kube = await KubernetesAsync(cancellationToken).ConfigureAwait(false);
        Credentials? session = null;
        foreach (var serviceAccount in row.ServiceAccounts)
        {
            var subject = $"{row.Namespace}/{serviceAccount}";
            var (outcome, detail, credentials) = await AssumeAsync(kube, row.Namespace, serviceAccount, StsAudience, 3600, row.RoleArn, cancellationToken).ConfigureAwait(false);
            results.Add(new CheckResult(Area, subject, "token (aud sts.amazonaws.com) assumes the role", outcome, detail));
            session ??= credentials;
        }

        if (session is null)
        {
            results.AddRange(row.Allowed.Concat(row.Denied).Select(p => new CheckResult(Area, row.Name, Describe(p, row.Allowed.Contains(p)), CheckOutcome.Failed, "no session: the role could not be assumed")));
        }
        else
        {
            foreach (var probe in row.Allowed)
            {
                var error = await RunProbeAsync(probe, session, cancellationToken).ConfigureAwait(false);
                results.Add(error is null
                    ? new CheckResult(Area, row.Name, Describe(probe, allowed: true), CheckOutcome.Passed, "allowed")
                    : new CheckResult(Area, row.Name, Describe(probe, allowed: true), CheckOutcome.Failed, $"refused: {error}"));
            }

            foreach (var probe in row.Denied)
            {
                var error = await RunProbeAsync(probe, session, cancellationToken).ConfigureAwait(false);
                results.Add(error is not null && DeniedCodes.Contains(error.Code)
                    ? new CheckResult(Area, row.Name, Describe(probe, allowed: false), CheckOutcome.Passed, error.Code)
                    : new CheckResult(Area, row.Name, Describe(probe, allowed: false), CheckOutcome.Failed, error is null ? "ALLOWED: the role reaches beyond its scope" : $"not a denial: {error}"));
            }
        }

        results.Add(await RefusedAsync(row, kube, "default", StsAudience, "token of the namespace's default service account is refused", cancellationToken).ConfigureAwait(false));
        results.Add(await RefusedAsync(row, kube, row.ServiceAccounts[0], OtherAudience, $"token with audience {OtherAudience} is refused", cancellationToken).ConfigureAwait(false));
        results.Add(await ExpiredRefusedAsync(row, kube, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static string Describe(AccessProbe probe, bool allowed) => $"{(allowed ? "may" : "may not")} {probe.Action} {probe.Target}";

    /// <summary>A refusal check: a token of <paramref name="serviceAccount"/> with <paramref name="audience"/> must not assume the role.</summary>
    private async Task<CheckResult> RefusedAsync(IrsaExpectation row, IKubernetes kube, string serviceAccount, string audience, string check, CancellationToken cancellationToken)
    {
        var (outcome, detail, _) = await AssumeAsync(kube, row.Namespace, serviceAccount, audience, 3600, row.RoleArn, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            CheckOutcome.Passed => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"ACCEPTED: {detail}"),
            _ when detail.StartsWith("refused: ", StringComparison.Ordinal) => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, detail["refused: ".Length..]),
            _ => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, detail),
        };
    }

    /// <summary>
    /// An expired token is refused: a ten-minute token (TokenRequest's shortest) presented when the provider's clock has
    /// moved eleven minutes on. Only where the provider's clock can move; elsewhere it would take ten minutes.
    /// </summary>
    private async Task<CheckResult> ExpiredRefusedAsync(IrsaExpectation row, IKubernetes kube, CancellationToken cancellationToken)
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
            var (outcome, detail, _) = await AssumeWithTokenAsync(token, row.RoleArn, cancellationToken).ConfigureAwait(false);
            return outcome == CheckOutcome.Passed
                ? new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"ACCEPTED: {detail}")
                : detail == "refused: ExpiredTokenException"
                    ? new CheckResult(Area, row.Name, Check, CheckOutcome.Passed, "ExpiredTokenException")
                    : new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"not refused as expired: {detail}");
        }
    }

    /// <summary>A token of the service account (as the pod-identity webhook projects it) exchanged for the role.</summary>
    private async Task<(CheckOutcome Outcome, string Detail, Credentials? Credentials)> AssumeAsync(
        IKubernetes kube, string ns, string serviceAccount, string audience, int seconds, string roleArn, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await TokenAsync(kube, ns, serviceAccount, audience, seconds, cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return (CheckOutcome.Failed, $"TokenRequest for {ns}/{serviceAccount} failed: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}", null);
        }

        return await AssumeWithTokenAsync(token, roleArn, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(CheckOutcome Outcome, string Detail, Credentials? Credentials)> AssumeWithTokenAsync(string token, string roleArn, CancellationToken cancellationToken)
    {
        using var sts = AnonymousSts();
        try
        {
            var response = await sts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = "piksel-verify", WebIdentityToken = token, DurationSeconds = 900 },
                cancellationToken).ConfigureAwait(false);
            return (CheckOutcome.Passed, response.AssumedRoleUser.Arn, response.Credentials);
        }
        catch (AmazonServiceException e)
        {
            return (CheckOutcome.Failed, $"refused: {e.ErrorCode}", null);
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
