using Amazon.SecurityToken.Model;
using k8s.Autorest;
using Piksel.Platform.Providers;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// The IRSA checks of one row of the table: each service account's token assumes the role; with that role the allowed
/// calls succeed and the denied ones are refused; a token of the namespace's <c>default</c> service account, a token
/// with another audience and an expired token are refused.
/// </summary>
internal sealed class IrsaVerifier(VerificationContext context)
{
    private const string Area = "IRSA";

    /// <summary>A token is exchanged for a role: only STS that verifies web-identity tokens proves it.</summary>
    private const ProviderCapabilities Exchange = ProviderCapabilities.WebIdentityVerification;

    /// <summary>A refusal by a role's policy (trust or permissions): IAM must evaluate policies, and the session must be STS's.</summary>
    private const ProviderCapabilities Refusal = ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.IamEnforcement;

    /// <summary>An expired token: the clock must move past a token's ten minutes.</summary>
    private const ProviderCapabilities Expiry = ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.MovableClock;

    /// <summary>The error codes with which AWS refuses a call for want of permission.</summary>
    private static readonly HashSet<string> DeniedCodes = new(StringComparer.Ordinal) { "AccessDenied", "AccessDeniedException", "UnauthorizedOperation" };

    private readonly WebIdentityExchange exchange = new(context);
    private readonly ProbeRunner probes = new(context);

    /// <summary>
    /// The checks of <paramref name="row"/>, in the order the report shows them. A row whose service accounts an EKS
    /// add-on makes needs <see cref="ProviderCapabilities.EksApi"/> besides: elsewhere (a kubeconfig's cluster) no add-on
    /// made them, and each check is skipped saying so.
    /// </summary>
    public async Task<IReadOnlyList<CheckResult>> VerifyAsync(IrsaExpectation row, CancellationToken cancellationToken)
    {
        var addons = row.AddonOwned ? ProviderCapabilities.EksApi : ProviderCapabilities.None;
        var results = new List<CheckResult>();
        Credentials? session = null;
        foreach (var serviceAccount in row.ServiceAccounts)
        {
            const string Check = "token (aud sts.amazonaws.com) assumes the role";
            var subject = $"{row.Namespace}/{serviceAccount}";
            if (context.SkipUnless(Exchange | addons, Area, subject, Check) is { } skipped)
            {
                results.Add(skipped);
                continue;
            }

            var attempt = await exchange.AssumeAsync(row.Namespace, serviceAccount, PlatformVerifier.StsAudience, 3600, row.RoleArn, cancellationToken);
            results.Add(new CheckResult(Area, subject, Check, attempt.Outcome, attempt.Detail));
            session ??= attempt.Credentials;
        }

        foreach (var (probe, allowed) in row.Allowed.Select(p => (p, true)).Concat(row.Denied.Select(p => (p, false))))
            results.Add(await ProbeAsync(row, probe, allowed, session, addons, cancellationToken));

        // The default service account is refused by the trust policy's sub condition; another audience by STS itself.
        results.Add(await RefusedAsync(row, "default", PlatformVerifier.StsAudience, "token of the namespace's default service account is refused", Refusal | addons, cancellationToken));
        results.Add(await RefusedAsync(row, row.ServiceAccounts[0], PlatformVerifier.OtherAudience, $"token with audience {PlatformVerifier.OtherAudience} is refused", Exchange | addons, cancellationToken));
        results.Add(await ExpiredRefusedAsync(row, addons, cancellationToken));
        return results;
    }

    /// <summary>A promise of the row: <paramref name="probe"/>'s call succeeds (<paramref name="allowed"/>) or is denied.</summary>
    private async Task<CheckResult> ProbeAsync(
        IrsaExpectation row, AccessProbe probe, bool allowed, Credentials? session, ProviderCapabilities addons, CancellationToken cancellationToken)
    {
        var check = $"{(allowed ? "may" : "may not")} {probe.Action} {probe.Target}";
        if (context.SkipUnless((allowed ? Exchange : Refusal) | addons, Area, row.Name, check) is { } skipped)
            return skipped;

        if (session is null)
            return new CheckResult(Area, row.Name, check, CheckOutcome.Failed, "no session: the role could not be assumed");

        var error = await probes.RunAsync(probe, session, cancellationToken);
        return (allowed, error) switch
        {
            (true, null) => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, "allowed"),
            (true, _) => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"refused: {error}"),
            (false, null) => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, "ALLOWED: the role reaches beyond its scope"),
            (false, _) when DeniedCodes.Contains(error.Code) => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, error.Code),
            (false, _) => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"not a denial: {error}"),
        };
    }

    /// <summary>A refusal check: a token of <paramref name="serviceAccount"/> with <paramref name="audience"/> must not assume the role.</summary>
    private async Task<CheckResult> RefusedAsync(
        IrsaExpectation row, string serviceAccount, string audience, string check, ProviderCapabilities needs, CancellationToken cancellationToken)
    {
        if (context.SkipUnless(needs, Area, row.Name, check) is { } skipped)
            return skipped;

        var attempt = await exchange.AssumeAsync(row.Namespace, serviceAccount, audience, 3600, row.RoleArn, cancellationToken);
        return attempt.Outcome switch
        {
            CheckOutcome.Passed => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, $"ACCEPTED: {attempt.Detail}"),
            _ when attempt.Refusal is { } refusal => new CheckResult(Area, row.Name, check, CheckOutcome.Passed, refusal),
            _ => new CheckResult(Area, row.Name, check, CheckOutcome.Failed, attempt.Detail),
        };
    }

    /// <summary>
    /// An expired token is refused: a ten-minute token (TokenRequest's shortest) presented when the provider's clock has
    /// moved eleven minutes on. Only where the provider declares <see cref="ProviderCapabilities.MovableClock"/>; elsewhere
    /// it would take ten minutes.
    /// </summary>
    private async Task<CheckResult> ExpiredRefusedAsync(IrsaExpectation row, ProviderCapabilities addons, CancellationToken cancellationToken)
    {
        const string Check = "expired token is refused";
        if (context.SkipUnless(Expiry | addons, Area, row.Name, Check) is { } skipped)
            return skipped;

        // Declared but not offered: fail rather than pass or skip, so the declaration is corrected.
        if (context.Provider is not IClockControl clock)
            return new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"the {CapabilityGap.Name(context.Provider.Kind)} provider declares MovableClock but offers no clock to move");

        string token;
        try
        {
            token = await exchange.TokenAsync(row.Namespace, row.ServiceAccounts[0], PlatformVerifier.StsAudience, 600, cancellationToken);
        }
        catch (HttpOperationException e)
        {
            return new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"TokenRequest failed: {(int)e.Response.StatusCode}");
        }

        using (clock.Shift(TimeSpan.FromMinutes(11)))
        {
            var attempt = await exchange.AssumeWithTokenAsync(token, row.RoleArn, cancellationToken);
            return attempt.Outcome == CheckOutcome.Passed
                ? new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"ACCEPTED: {attempt.Detail}")
                : attempt.Refusal == "ExpiredTokenException"
                    ? new CheckResult(Area, row.Name, Check, CheckOutcome.Passed, "ExpiredTokenException")
                    : new CheckResult(Area, row.Name, Check, CheckOutcome.Failed, $"not refused as expired: {attempt.Detail}");
        }
    }
}
