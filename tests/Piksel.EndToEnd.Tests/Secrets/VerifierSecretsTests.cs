using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.EndToEnd.Tests.Secrets;

/// <summary>
/// The secrets half of <c>verify</c> on the applied platform: every secret and every synchronised Secret passes, and
/// an ExternalSecret the cluster does not have is reported, not passed over.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class VerifierSecretsTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact]
    public async Task Every_secret_and_synchronised_Secret_passes_and_the_operator_keeps_refreshing()
    {
        var verifier = new PlatformVerifier(fixture.Provider, fixture.Settings);
        var deadline = TimeProvider.System.GetUtcNow() + (3 * fixture.Settings.SecretRefreshInterval) + TimeSpan.FromSeconds(10);
        IReadOnlyList<CheckResult> results;
        do
        {
            // Right after apply the operator may not have made its first pass yet: wait for it, bounded.
            results = await verifier.VerifySecretsAsync(fixture.Spec, Ct);
            if (results.All(r => r.Outcome == CheckOutcome.Passed)) break;
            await Task.Delay(500, Ct);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);

        var failed = results.Where(r => r.Outcome != CheckOutcome.Passed).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(f => $"{f.Subject}: {f.Check} → {f.Detail}")));
        var externals = fixture.Spec.OfKind<ExternalSecret>().Count();
        Assert.Equal(externals, results.Count(r => r.Check.StartsWith("Kubernetes Secret equals", StringComparison.Ordinal)));
        Assert.Equal(externals, results.Count(r => r.Check.StartsWith("ExternalSecret Ready, refreshed within 10 s", StringComparison.Ordinal)));
        var store = Assert.Single(results, r => r.Check.StartsWith("ClusterSecretStore validated", StringComparison.Ordinal));
        Assert.Equal(fixture.Spec.OfKind<ClusterSecretStore>().Single().Name, store.Subject);
        Assert.Equal("Valid, ReadWrite", store.Detail);
    }

    [PlatformFact]
    public async Task A_ClusterSecretStore_the_cluster_lacks_fails_its_check()
    {
        var ghost = fixture.Spec.OfKind<ClusterSecretStore>().Single() with { Name = "not-applied" };

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifySecretsAsync(fixture.Spec with { Resources = [ghost] }, Ct);

        var result = Assert.Single(results);
        Assert.Equal((CheckOutcome.Failed, "ClusterSecretStore unreadable: 404"), (result.Outcome, result.Detail));
    }

    [PlatformFact]
    public async Task An_ExternalSecret_the_cluster_lacks_fails_both_of_its_checks()
    {
        var real = fixture.Spec.OfKind<ExternalSecret>().First();
        var ghost = real with { Name = "not-applied" };
        var spec = fixture.Spec with { Resources = [ghost] };

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifySecretsAsync(spec, Ct);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(CheckOutcome.Failed, r.Outcome));
        Assert.Contains(results, r => r.Detail == "no such Secret: not synchronised");
        Assert.Contains(results, r => r.Detail == "ExternalSecret unreadable: 404");
    }
}
