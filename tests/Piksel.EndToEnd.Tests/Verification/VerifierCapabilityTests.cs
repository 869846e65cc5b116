using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Database;

namespace Piksel.EndToEnd.Tests.Verification;

/// <summary>
/// <c>verify</c> on a provider that declares fewer capabilities than it has: each check it cannot prove is skipped
/// naming the capability, without being tried, shown in the table and counted apart, and the run still passes; the
/// checks it can prove run as before.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class VerifierCapabilityTests(PlatformFixture fixture)
{
    private const ProviderCapabilities WithoutIamOrClock =
        EmbeddedProvider.EmbeddedCapabilities & ~(ProviderCapabilities.IamEnforcement | ProviderCapabilities.MovableClock);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.InProcessEmulators)]
    public async Task Without_IAM_enforcement_or_a_movable_clock_the_refusals_are_skipped_naming_them_and_the_rest_passes()
    {
        var row = PikselPlatform.IrsaExpectations(fixture.Settings).Single(e => e.Namespace == "terria");
        var provider = new DeclaringProvider(fixture.Provider, WithoutIamOrClock);

        var results = await new PlatformVerifier(provider, fixture.Settings).VerifyIrsaAsync(row, Ct);

        const string NoIam = "the embedded provider lacks IamEnforcement (its AWS does not refuse a call outside a role's policy)";
        Assert.All(results.Where(r => r.Check.StartsWith("may not ", StringComparison.Ordinal)), r => Assert.Equal((CheckOutcome.Skipped, NoIam), (r.Outcome, r.Detail)));
        Assert.Equal((CheckOutcome.Skipped, NoIam), Outcome(results, "default service account"));
        // The provider's clock could move: only its declaration keeps the expired token from being tried and passed.
        Assert.Equal(
            (CheckOutcome.Skipped, "the embedded provider's clock cannot move here, and a token lives at least 10 min (lacks MovableClock)"),
            Outcome(results, "expired token"));
        Assert.All(results.Where(r => r.Check.Contains("assumes the role", StringComparison.Ordinal)), r => Assert.Equal(CheckOutcome.Passed, r.Outcome));
        Assert.Equal(CheckOutcome.Passed, Outcome(results, "with audience").Outcome);
        var allowed = results.Where(r => r.Check.StartsWith("may ", StringComparison.Ordinal) && !r.Check.StartsWith("may not ", StringComparison.Ordinal)).ToList();
        Assert.Equal(row.Allowed.Count, allowed.Count);
        Assert.All(allowed, r => Assert.Equal((CheckOutcome.Passed, "allowed"), (r.Outcome, r.Detail)));
        Assert.Equal(row.Denied.Count + 2, results.Count(r => r.Outcome == CheckOutcome.Skipped));

        var report = new VerificationReport(results, TimeSpan.Zero);
        Assert.True(report.Passed, report.Render());
        Assert.Contains($": {results.Count - report.Count(CheckOutcome.Skipped)} passed, 0 failed, {row.Denied.Count + 2} skipped in ", report.Render(), StringComparison.Ordinal);
        Assert.Matches(@"expired token is refused\s+skip\s+the embedded provider's clock cannot move here", report.Render());
    }

    [PlatformFact(ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.InProcessEmulators)]
    public async Task Without_EKS_an_add_ons_service_accounts_are_skipped_naming_it_and_the_platforms_own_rows_still_run()
    {
        var rows = PikselPlatform.IrsaExpectations(fixture.Settings);
        var provider = new DeclaringProvider(fixture.Provider, EmbeddedProvider.EmbeddedCapabilities & ~ProviderCapabilities.EksApi);
        var verifier = new PlatformVerifier(provider, fixture.Settings);

        var addon = await verifier.VerifyIrsaAsync(rows.Single(r => r.ServiceAccounts.Contains("aws-node")), Ct);
        var own = await verifier.VerifyIrsaAsync(rows.Single(r => r.Namespace == "terria"), Ct);

        Assert.True(rows.Single(r => r.ServiceAccounts.Contains("aws-node")).AddonOwned);
        Assert.All(addon, r => Assert.Equal(
            (CheckOutcome.Skipped, "the embedded provider lacks EksApi (its cluster, add-ons, Fargate profiles and access entries are not EKS's)"), (r.Outcome, r.Detail)));
        Assert.All(own, r => Assert.Equal(CheckOutcome.Passed, r.Outcome));
    }

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task Without_a_real_database_no_login_is_tried_and_each_is_skipped_naming_it()
    {
        var provider = new DeclaringProvider(fixture.Provider, EmbeddedProvider.EmbeddedCapabilities & ~ProviderCapabilities.RealDatabase);
        // Every role pointed at a database that does not exist: any login actually tried would fail; none may be.
        var spec = fixture.Spec with { Resources = [.. fixture.Spec.Resources.Select(r => r is PostgresRole role ? role with { Database = "no_such_database" } : r)] };

        var results = await new PlatformVerifier(provider, fixture.Settings).VerifyDatabaseAsync(spec, Ct);

        var roles = spec.OfKind<PostgresRole>().Count();
        var skipped = results.Where(r => r.Outcome == CheckOutcome.Skipped).ToList();
        Assert.Equal((3 * roles) + 1, skipped.Count);
        Assert.All(skipped, r => Assert.Equal(
            "the embedded provider lacks RealDatabase (its database is no PostgreSQL server that logins can be tried on)", r.Detail));
        Assert.DoesNotContain(results, r => r.Outcome == CheckOutcome.Failed);
        Assert.Equal(CheckOutcome.Passed, Assert.Single(results, r => r.Check.StartsWith("ExternalName Service", StringComparison.Ordinal)).Outcome);
    }

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task A_provider_declaring_nothing_skips_every_IRSA_check_and_passes_none()
    {
        var row = PikselPlatform.IrsaExpectations(fixture.Settings).Single(e => e.Namespace == "terria");
        var provider = new DeclaringProvider(fixture.Provider, ProviderCapabilities.None);

        var results = await new PlatformVerifier(provider, fixture.Settings).VerifyIrsaAsync(row, Ct);

        Assert.Equal(row.ServiceAccounts.Count + row.Allowed.Count + row.Denied.Count + 3, results.Count);
        Assert.All(results, r => Assert.Equal(CheckOutcome.Skipped, r.Outcome));
        Assert.All(results, r => Assert.Contains("WebIdentityVerification", r.Detail, StringComparison.Ordinal));
        Assert.True(new VerificationReport(results, TimeSpan.Zero).Passed);
    }

    private static (CheckOutcome Outcome, string Detail) Outcome(IReadOnlyList<CheckResult> results, string check)
    {
        var result = Assert.Single(results, r => r.Check.Contains(check, StringComparison.Ordinal));
        return (result.Outcome, result.Detail);
    }
}
