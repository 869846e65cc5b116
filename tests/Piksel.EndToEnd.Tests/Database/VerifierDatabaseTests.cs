using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Database;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// The database half of <c>verify</c> reports what is wrong rather than passing over it: a CONNECT granted behind the
/// engine's back, a login whose Secret the spec does not synchronise, an ExternalName Service the cluster lacks.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class VerifierDatabaseTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_CONNECT_granted_by_hand_fails_the_role_check_naming_the_database()
    {
        var role = fixture.Spec.OfKind<PostgresRole>().Single(r => r.Name == "odcread");
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        var other = access.Databases.First(d => d != role.Database);
        await using var master = await access.OpenAsAsync(DatabaseAccess.MasterSecret, DatabaseAccess.Instance(fixture).DatabaseName!, Ct);
        await DatabaseAccess.ScalarAsync(master, $"GRANT CONNECT ON DATABASE {other} TO {role.Name}", Ct);
        IReadOnlyList<CheckResult> results;
        try
        {
            results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyDatabaseAsync(fixture.Spec, Ct);
        }
        finally
        {
            await DatabaseAccess.ScalarAsync(master, $"REVOKE CONNECT ON DATABASE {other} FROM {role.Name}", CancellationToken.None);
        }

        var failed = Assert.Single(results, r => r.Outcome != CheckOutcome.Passed);
        Assert.Equal(($"database/{role.Name}", $"{other} opened"), (failed.Subject, failed.Detail));
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_login_without_a_synchronised_Secret_fails_its_checks()
    {
        var role = fixture.Spec.OfKind<PostgresRole>().Single(r => r.Name == "argo");
        var spec = fixture.Spec with { Resources = [.. fixture.Spec.Resources.Where(r => r is not ExternalSecret)] };

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyDatabaseAsync(spec, Ct);

        var rows = results.Where(r => r.Subject == $"database/{role.Name}").ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal((CheckOutcome.Failed, "no synchronised Secret with username and password"), (r.Outcome, r.Detail)));
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task An_ExternalName_Service_the_cluster_lacks_fails_its_check()
    {
        var service = fixture.Spec.OfKind<KubernetesService>().Single(s => s.Namespace == DatabaseAccess.Namespace);
        var spec = fixture.Spec with { Resources = [.. fixture.Spec.Resources.Where(r => r != service), service with { Name = "not-applied" }] };

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyDatabaseAsync(spec, Ct);

        var result = Assert.Single(results, r => r.Subject == "database/not-applied");
        Assert.Equal((CheckOutcome.Failed, "Service unreadable: 404"), (result.Outcome, result.Detail));
    }
}
