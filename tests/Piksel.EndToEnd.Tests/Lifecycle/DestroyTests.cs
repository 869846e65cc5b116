using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.Lifecycle;

/// <summary>
/// Destroy leaves nothing tagged: on a second embedded provider of its own (the shared platform stays up for the
/// other tests), the spec is applied, the scan finds every tagged resource the spec defines, destroy runs, and the
/// scan of every account then finds nothing but KMS keys pending deletion (KMS never deletes a key at once: 7 days
/// is the shortest window, as in AWS).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DestroyTests(PlatformFixture fixture)
{
    /// <summary>The kinds the scan looks for; other kinds live inside these (objects, access entries) or in the cluster.</summary>
    private static readonly string[] ScannedKinds = ["IamRole", "IamOidcProvider", "SecretsManagerSecret", "KmsKey", "S3Bucket", "EksCluster"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task Destroy_leaves_nothing_tagged_in_any_account()
    {
        var spec = fixture.Spec;
        var environment = fixture.Settings.Name;
        var accounts = fixture.Settings.Accounts();
        var regions = spec.Resources.OfType<AwsResource>().Select(r => r.Region ?? fixture.Settings.Region).Distinct(StringComparer.Ordinal).ToList();
        // A data directory of its own, so the database server's files can be looked for after destroy.
        var data = Directory.CreateTempSubdirectory("piksel-destroy-");
        try
        {
            await DestroyAsync(spec, environment, accounts, regions, data.FullName);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private async Task DestroyAsync(PlatformSpec spec, string environment, IReadOnlyList<string> accounts, IReadOnlyList<string> regions, string data)
    {
        var engine = new PlatformEngine();
        await using var provider = await EmbeddedProvider.StartAsync(fixture.Settings, dataDirectory: data, cancellationToken: Ct);

        var applied = await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: Ct), provider, cancellationToken: Ct);
        Assert.Equal(spec.Resources.Count, applied.Done.Count);

        var before = await TaggedResourceScan.ScanAsync(provider, environment, accounts, regions, Ct);
        var expected = Expected(spec, environment);
        var seen = before.GroupBy(r => (r.Account, r.Kind)).ToDictionary(g => g.Key, g => g.Count());
        var mismatches = expected
            .Where(e => seen.GetValueOrDefault(e.Key) != e.Value)
            .Select(e => $"{e.Key.Account} {e.Key.Kind}: spec {e.Value}, found {seen.GetValueOrDefault(e.Key)}")
            .ToList();
        Assert.True(mismatches.Count == 0, "before destroy the scan must find what the spec defines:\n" + string.Join('\n', mismatches)
            + "\nfound:\n" + string.Join('\n', before));
        Assert.All(before.Where(r => r.Kind == "KmsKey"), k => Assert.Equal("Enabled", k.State));
        var database = Database.DestroyedDatabase.Of(spec, data);
        await database.AssertPresentAsync(provider, Ct);

        var destroyed = await engine.DestroyAsync(spec, provider, cancellationToken: Ct);
        Assert.All(destroyed.Done, d => Assert.True(d.Value is ChangeKind.Delete or ChangeKind.NoChange, $"{d.Key}: {d.Value}"));

        var after = await TaggedResourceScan.ScanAsync(provider, environment, accounts, regions, Ct);
        var leftovers = after.Where(r => !(r.Kind == "KmsKey" && r.State == "PendingDeletion")).ToList();
        Assert.True(leftovers.Count == 0, "destroy left tagged resources behind:\n" + string.Join('\n', leftovers));
        Assert.Equal(
            before.Where(r => r.Kind == "KmsKey").Select(r => r.Name).Order(StringComparer.Ordinal),
            after.Where(r => r.Kind == "KmsKey").Select(r => r.Name).Order(StringComparer.Ordinal));

        await database.AssertGoneAsync(provider, Ct);

        var again = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal(spec.Resources.Count, again.Count(ChangeKind.Create));
    }

    /// <summary>How many tagged resources of each scanned kind the spec puts in each account.</summary>
    private static Dictionary<(string Account, string Kind), int> Expected(PlatformSpec spec, string environment) =>
        spec.Resources.OfType<AwsResource>()
            .Where(r => ScannedKinds.Contains(r.Kind, StringComparer.Ordinal) && ManagementTags.AreManaged(r.Tags, environment))
            .GroupBy(r => (r.Account, r.Kind))
            .ToDictionary(g => g.Key, g => g.Count());
}
