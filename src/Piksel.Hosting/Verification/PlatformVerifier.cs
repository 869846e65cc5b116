using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// Runs the IRSA, secrets, database and guard-rail checks of an applied environment through the provider, with the calls a workload makes:
/// TokenRequests to the cluster, AssumeRoleWithWebIdentity without credentials, and the AWS calls of each row's
/// probes with the role it got. The same checks run on every provider; each states the capability it needs, and one
/// the provider does not declare (<see cref="IPlatformProvider.Capabilities"/>) is reported as
/// <see cref="CheckOutcome.Skipped"/> naming it, without being tried: it neither passes nor fails the run.
/// </summary>
/// <remarks>
/// The entry point only: each run opens one <see cref="VerificationContext"/> and hands it to the verifier of each
/// concern (<see cref="IrsaVerifier"/>, <see cref="SecretsVerifier"/>).
/// </remarks>
public sealed class PlatformVerifier(IPlatformProvider provider, EnvironmentSettings settings, TimeProvider? clock = null)
{
    /// <summary>The audience of IRSA tokens.</summary>
    public const string StsAudience = "sts.amazonaws.com";

    /// <summary>An audience the OIDC provider does not list: the API server's own.</summary>
    public const string OtherAudience = "https://kubernetes.default.svc";

    /// <summary>The clock refresh times are judged and the run is timed by (the system's unless given).</summary>
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>The environment's settings.</summary>
    public EnvironmentSettings Settings { get; } = settings;

    /// <summary>
    /// Runs every IRSA row's checks, then the secrets, database and guard-rail checks of <paramref name="spec"/>: the
    /// report lists them in that order, and each result is reported to <paramref name="progress"/> as it comes.
    /// </summary>
    /// <remarks>
    /// The secrets checks run first: they read what the External Secrets operator reports (Ready, refreshed), and the
    /// IRSA expiry checks move the embedded provider's clock eleven minutes on for a moment, which fails an operator
    /// request that straddles the move (a token expired, a signature skewed) until its retry a second or two later.
    /// Judged after them, a sync the verifier itself disturbed would fail the run.
    /// </remarks>
    public async Task<VerificationReport> VerifyAsync(PlatformSpec spec, IProgress<CheckResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = time.GetTimestamp();
        List<CheckResult> Reported(IEnumerable<CheckResult> batch)
        {
            var list = batch.ToList();
            foreach (var result in list) progress?.Report(result);
            return list;
        }

        using var context = await VerificationContext.OpenAsync(provider, Settings, cancellationToken);
        var secrets = Reported(await new SecretsVerifier(context, time).VerifyAsync(spec, cancellationToken));
        var irsa = new IrsaVerifier(context);
        var results = new List<CheckResult>();
        foreach (var row in PikselPlatform.IrsaExpectations(Settings))
            results.AddRange(Reported(await irsa.VerifyAsync(row, cancellationToken)));

        results.AddRange(secrets);
        results.AddRange(Reported(await new DatabaseVerifier(context).VerifyAsync(spec, cancellationToken)));
        var (guardRails, matrices) = await new GuardRailVerifier(context).VerifyAsync(cancellationToken);
        results.AddRange(Reported(guardRails));
        return new VerificationReport(results, time.GetElapsedTime(started), matrices);
    }

    /// <summary>
    /// For <paramref name="row"/>: each service account's token assumes the role; with that role the allowed calls
    /// succeed and the denied ones are refused; a token of the namespace's <c>default</c> service account, a token with
    /// another audience and an expired token are refused.
    /// </summary>
    public async Task<IReadOnlyList<CheckResult>> VerifyIrsaAsync(IrsaExpectation row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var context = await VerificationContext.OpenAsync(provider, Settings, cancellationToken);
        return await new IrsaVerifier(context).VerifyAsync(row, cancellationToken);
    }

    /// <summary>The database checks of <paramref name="spec"/>: every login role's Secret opens its database and no other.</summary>
    public async Task<IReadOnlyList<CheckResult>> VerifyDatabaseAsync(PlatformSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var context = await VerificationContext.OpenAsync(provider, Settings, cancellationToken);
        return await new DatabaseVerifier(context).VerifyAsync(spec, cancellationToken);
    }

    /// <summary>
    /// The guard-rail checks: the reachability matrix of the NetworkPolicies in force and the developer groups' RBAC
    /// matrix, each against the definition's intent, with both matrices rendered as text.
    /// </summary>
    public async Task<(IReadOnlyList<CheckResult> Results, IReadOnlyList<string> Matrices)> VerifyGuardRailsAsync(CancellationToken cancellationToken = default)
    {
        using var context = await VerificationContext.OpenAsync(provider, Settings, cancellationToken);
        return await new GuardRailVerifier(context).VerifyAsync(cancellationToken);
    }

    /// <summary>The reachability matrix of the NetworkPolicies in force, against the definition's intent.</summary>
    public async Task<ReachabilityMatrix> VerifyReachabilityAsync(CancellationToken cancellationToken = default)
    {
        using var context = await VerificationContext.OpenAsync(provider, Settings, cancellationToken);
        return await new GuardRailVerifier(context).ReachabilityAsync(PikselPlatform.GuardRailExpectations(Settings), cancellationToken);
    }

    /// <summary>The secrets checks of <paramref name="spec"/>.</summary>
    public async Task<IReadOnlyList<CheckResult>> VerifySecretsAsync(PlatformSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var context = await VerificationContext.OpenAsync(provider, Settings, cancellationToken);
        return await new SecretsVerifier(context, time).VerifyAsync(spec, cancellationToken);
    }
}
