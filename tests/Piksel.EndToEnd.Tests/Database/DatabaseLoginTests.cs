using Npgsql;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Database;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// Every login as a workload gets it (the synchronised Secret in namespace <c>database</c>): the database checks of
/// <c>verify</c> all pass, and each behaviour is also asserted directly here, so a broken verifier cannot hide it. The
/// tables written are emptied between tests by <see cref="Piksel.Testing.DatabaseReset"/> (Respawn) and dropped after.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DatabaseLoginTests(PlatformFixture fixture) : IAsyncLifetime
{
    private const string Table = "piksel_e2e_rows";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // Each test starts from empty tables, whatever the one before wrote.
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        await (await access.ResetAsync(Ct)).ResetAsync(Ct);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task Every_database_check_of_verify_passes()
    {
        var verifier = new PlatformVerifier(fixture.Provider, fixture.Settings);
        var deadline = TimeProvider.System.GetUtcNow() + (3 * fixture.Settings.SecretRefreshInterval) + TimeSpan.FromSeconds(10);
        IReadOnlyList<CheckResult> results;
        do
        {
            // The Secrets may not be synchronised right after apply: wait for the first pass, bounded.
            results = await verifier.VerifyDatabaseAsync(fixture.Spec, Ct);
            if (results.All(r => r.Outcome == CheckOutcome.Passed)) break;
            await Task.Delay(500, Ct);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);

        var failed = results.Where(r => r.Outcome != CheckOutcome.Passed).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(f => $"{f.Subject}: {f.Check} → {f.Detail}")));
        var roles = fixture.Spec.OfKind<PostgresRole>().Count();
        Assert.Equal((3 * roles) + 2, results.Count);
        Assert.All(results, r => Assert.Equal("Database", r.Area));
        Assert.Contains(results, r => r.Check.Contains("db-endpoint.database.svc.cluster.local", StringComparison.Ordinal));
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task No_database_check_shows_a_password()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        var passwords = new List<string>();
        foreach (var secret in access.Roles.Select(r => r.Name).Append(DatabaseAccess.MasterSecret))
            passwords.Add((await access.LoginAsync(secret, Ct)).Password);

        var results = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyDatabaseAsync(fixture.Spec, Ct);

        Assert.All(results, r => Assert.DoesNotContain(passwords, p => $"{r.Subject} {r.Check} {r.Detail}".Contains(p, StringComparison.Ordinal)));
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task Every_login_opens_its_database_and_is_refused_every_other()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        Assert.NotEmpty(access.Roles);
        foreach (var role in access.Roles)
        {
            await using (var connection = await access.OpenAsAsync(role.Name, role.Database, Ct))
            {
                Assert.Equal(role.Name, await DatabaseAccess.ScalarAsync(connection, "SELECT current_user", Ct));
            }

            foreach (var other in access.Databases.Where(d => d != role.Database))
            {
                var e = await Assert.ThrowsAsync<PostgresException>(() => access.OpenAsAsync(role.Name, other, Ct));
                Assert.Equal(("42501", true), (e.SqlState, e.MessageText.Contains("permission denied for database", StringComparison.Ordinal)));
            }
        }
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task The_master_opens_every_database()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        var (username, _) = await access.LoginAsync(DatabaseAccess.MasterSecret, Ct);
        Assert.Equal(DatabaseAccess.Instance(fixture).MasterUsername, username);

        foreach (var database in access.Databases)
        {
            await using var connection = await access.OpenAsAsync(DatabaseAccess.MasterSecret, database, Ct);
            Assert.Equal(database, await DatabaseAccess.ScalarAsync(connection, "SELECT current_database()", Ct));
        }
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_read_write_role_writes_a_read_only_role_reads_and_is_refused_a_write_and_Respawn_empties_the_table()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        var reader = access.Roles.First(r => r.Access == PostgresAccess.ReadOnly && r.ReadsTablesOf.Count > 1);
        var writer = access.Roles.Single(r => r.Access == PostgresAccess.ReadWrite && r.Database == reader.Database);
        await using var write = await access.OpenAsAsync(writer.Name, writer.Database, Ct);
        await DatabaseAccess.ScalarAsync(write, $"CREATE TABLE {Table} (id integer PRIMARY KEY); INSERT INTO {Table} VALUES (1), (2)", Ct);
        try
        {
            await using (var read = await access.OpenAsAsync(reader.Name, reader.Database, Ct))
            {
                Assert.Equal(2L, await DatabaseAccess.ScalarAsync(read, $"SELECT count(*) FROM {Table}", Ct));
                var refused = await Assert.ThrowsAsync<PostgresException>(() => DatabaseAccess.ScalarAsync(read, $"INSERT INTO {Table} VALUES (3)", Ct));
                Assert.Equal("42501", refused.SqlState);
                var create = await Assert.ThrowsAsync<PostgresException>(() => DatabaseAccess.ScalarAsync(read, "CREATE TABLE piksel_e2e_refused (id integer)", Ct));
                Assert.Equal("42501", create.SqlState);
            }

            await (await access.ResetAsync(Ct)).ResetAsync(Ct);

            Assert.Equal(0L, await DatabaseAccess.ScalarAsync(write, $"SELECT count(*) FROM {Table}", Ct));
        }
        finally
        {
            await DatabaseAccess.ScalarAsync(write, $"DROP TABLE IF EXISTS {Table}", CancellationToken.None);
        }
    }
}
