using Npgsql;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Database;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// Changes behind the engine's back and how apply answers them: a password rotated in Secrets Manager is planned as
/// an update of its role, applied, and then the new password opens while the old is refused (28P01) and the Kubernetes
/// Secret follows; a CONNECT granted by hand is drift, and apply revokes it. Each test restores what it changed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DatabaseChangeTests(PlatformFixture fixture)
{
    /// <summary>A read-only role no other check writes with; its password is rotated and put back.</summary>
    private const string Rotated = "stacread";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The first sync and following a change: three refresh intervals and a margin for a loaded machine.</summary>
    private TimeSpan FollowDeadline => fixture.Settings.SecretRefreshInterval * 3 + TimeSpan.FromSeconds(10);

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_rotated_password_is_applied_the_new_one_opens_the_old_is_refused_and_the_Secret_follows()
    {
        var role = fixture.Spec.OfKind<PostgresRole>().Single(r => r.Name == Rotated);
        var source = fixture.Spec.OfKind<SecretsManagerSecret>().Single(s => fixture.ArnOf(s) == fixture.Resolved(role).PasswordSecretArn);
        using var secrets = await fixture.Provider.SecretsManagerAsync(source.Account, Ct);
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        var original = (await secrets.GetSecretValueAsync(source.Name, cancellationToken: Ct)).Value;
        await AssertFollowsAsync(access, original.Reveal(), "before the rotation");
        var rotated = (await secrets.GetRandomPasswordAsync(SecretsManagerSecretHandler.PasswordRequest(source.Generate!), Ct)).Reveal();

        await secrets.PutSecretValueAsync(source.Name, SecretValue.FromString(rotated), cancellationToken: Ct);
        try
        {
            var plan = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);
            Assert.True(plan[role.Id].Kind == ChangeKind.Update, $"{role.Id} planned as {plan[role.Id].Kind}:\n{plan.Render(showUnchanged: false)}");
            var applied = await fixture.Engine.ApplyAsync(plan, fixture.Provider, cancellationToken: Ct);
            Assert.Equal(ChangeKind.Update, applied.Done[role.Id]);

            await using (var connection = await access.OpenAsync(role.Name, rotated, role.Database, Ct))
            {
                Assert.Equal(role.Name, await DatabaseAccess.ScalarAsync(connection, "SELECT current_user", Ct));
            }

            var old = await Assert.ThrowsAsync<PostgresException>(() => access.OpenAsync(role.Name, original.Reveal(), role.Database, Ct));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, old.SqlState);
            await AssertFollowsAsync(access, rotated, "after the rotation");
        }
        finally
        {
            // Leave the shared platform as found: the original password in the secret, the server and the Secret.
            await secrets.PutSecretValueAsync(source.Name, original, cancellationToken: CancellationToken.None);
            await fixture.Engine.ApplyAsync(await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: CancellationToken.None), fixture.Provider, cancellationToken: CancellationToken.None);
        }

        await using (var restored = await access.OpenAsync(role.Name, original.Reveal(), role.Database, Ct))
        {
            Assert.Equal(role.Name, await DatabaseAccess.ScalarAsync(restored, "SELECT current_user", Ct));
        }

        await AssertFollowsAsync(access, original.Reveal(), "after restoring");
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_CONNECT_granted_by_hand_is_drift_and_apply_revokes_it()
    {
        var role = fixture.Spec.OfKind<PostgresRole>().Single(r => r.Name == "grafana");
        using var kube = await fixture.KubernetesAsync(Ct);
        var access = await DatabaseAccess.OpenAsync(fixture, kube, Ct);
        var other = access.Databases.First(d => d != role.Database);
        await using var master = await access.OpenAsAsync(DatabaseAccess.MasterSecret, DatabaseAccess.Instance(fixture).DatabaseName!, Ct);

        await DatabaseAccess.ScalarAsync(master, $"GRANT CONNECT ON DATABASE {other} TO {role.Name}", Ct);
        try
        {
            await (await access.OpenAsAsync(role.Name, other, Ct)).DisposeAsync();
            var drifted = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);

            var change = drifted[role.Id];
            Assert.True(change.Kind == ChangeKind.Update, $"{role.Id} planned as {change.Kind}:\n{drifted.Render(showUnchanged: false)}");
            Assert.Contains(change.Attributes, a => a.Path.StartsWith(nameof(PostgresRole.Rights), StringComparison.OrdinalIgnoreCase));
            var applied = await fixture.Engine.ApplyAsync(drifted, fixture.Provider, cancellationToken: Ct);
            Assert.Equal(ChangeKind.Update, applied.Done[role.Id]);

            var refused = await Assert.ThrowsAsync<PostgresException>(() => access.OpenAsAsync(role.Name, other, Ct));
            Assert.Equal("42501", refused.SqlState);
        }
        finally
        {
            await DatabaseAccess.ScalarAsync(master, $"REVOKE CONNECT ON DATABASE {other} FROM {role.Name}", CancellationToken.None);
        }

        var after = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);
        Assert.Equal(ChangeKind.NoChange, after[role.Id].Kind);
    }

    /// <summary>Waits, bounded, for the role's Kubernetes Secret to hold <paramref name="password"/>.</summary>
    private async Task AssertFollowsAsync(DatabaseAccess access, string password, string when)
    {
        var wrong = await PlatformClients.PollAsync(FollowDeadline, async () =>
        {
            var (_, seen) = await access.LoginAsync(Rotated, Ct);
            return seen == password ? null : "password differs";
        }, Ct);
        Assert.True(wrong is null, $"{DatabaseAccess.Namespace}/{Rotated} {when}, within {FollowDeadline.TotalSeconds:F0} s: {wrong}");
    }
}
