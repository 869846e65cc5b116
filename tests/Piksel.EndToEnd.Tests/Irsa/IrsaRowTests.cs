using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Verification;

namespace Piksel.EndToEnd.Tests.Irsa;

/// <summary>
/// Every row of the IRSA table, through the verifier <c>verify</c> runs: each service account's token (audience
/// sts.amazonaws.com) assumes the role; calls inside its scope succeed and calls just outside are refused; a token of
/// the namespace's default service account, one with another audience and an expired one are refused.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IrsaRowTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<IrsaExpectation> Expectations { get; } =
        PikselPlatform.IrsaExpectations(EnvironmentSettingsLoader.Load(Path.Combine(PlatformFixture.RepositoryRoot(), "env"), "local"));

    public static TheoryData<string> Rows => new(Expectations.Select(e => e.Name));

    // Each row's expired token is refused at once only where the provider's clock can move.
    [PlatformTheory(ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.MovableClock)]
    [MemberData(nameof(Rows))]
    public async Task Least_privilege_holds_for_the_row(string name)
    {
        var row = Expectations.Single(e => e.Name == name);

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyIrsaAsync(row, Ct);

        var failed = results.Where(r => r.Outcome != CheckOutcome.Passed).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(f => $"{f.Subject}: {f.Check} → {f.Outcome} {f.Detail}")));
        Assert.Equal(row.ServiceAccounts.Count, results.Count(r => r.Check.Contains("assumes the role", StringComparison.Ordinal)));
        Assert.All(results.Where(r => r.Check.Contains("assumes the role", StringComparison.Ordinal)), r =>
            Assert.Equal($"arn:aws:sts::{fixture.Settings.Account}:assumed-role/{row.RoleArn.Split('/')[^1]}/piksel-verify", r.Detail));
        Assert.Equal(row.Allowed.Count, results.Count(r => r.Check.StartsWith("may ", StringComparison.Ordinal) && r.Detail == "allowed"));
        Assert.Equal(row.Denied.Count, results.Count(r => r.Check.StartsWith("may not ", StringComparison.Ordinal)));
        Assert.Equal("AccessDenied", Single(results, "default service account").Detail);
        Assert.Equal("InvalidIdentityToken", Single(results, "with audience").Detail);
        Assert.Equal("ExpiredTokenException", Single(results, "expired token").Detail);
    }

    [PlatformFact]
    public void Every_row_has_probes_inside_and_just_outside_its_scope()
    {
        Assert.Equal(11, Expectations.Count);
        Assert.All(Expectations, row =>
        {
            Assert.NotEmpty(row.Allowed);
            Assert.NotEmpty(row.Denied);
            Assert.Empty(row.Allowed.Intersect(row.Denied));
        });
    }

    [PlatformFact(ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification)]
    public async Task A_promise_the_role_does_not_keep_is_reported_as_failed()
    {
        var terria = Expectations.Single(e => e.Namespace == "terria");
        // Swapped: the verifier must see the role write where it was promised not to, and be refused where it was promised it may.
        var broken = terria with { Allowed = terria.Denied, Denied = terria.Allowed };

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyIrsaAsync(broken, Ct);

        var probes = results.Where(r => r.Check.StartsWith("may", StringComparison.Ordinal)).ToList();
        Assert.Equal(terria.Allowed.Count + terria.Denied.Count, probes.Count);
        Assert.All(probes, r => Assert.Equal(CheckOutcome.Failed, r.Outcome));
        Assert.Contains(probes, r => r.Detail == "refused: AccessDenied");
        Assert.Contains(probes, r => r.Detail.StartsWith("ALLOWED", StringComparison.Ordinal));
        Assert.False(new VerificationReport(results, TimeSpan.Zero).Passed);
    }

    private static CheckResult Single(IReadOnlyList<CheckResult> results, string check) =>
        Assert.Single(results, r => r.Check.Contains(check, StringComparison.Ordinal));
}
