using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Piksel.AppHost.AppModel;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.AppHost.UnitTests;

/// <summary>The dashboard commands' handlers on an applied local environment: their effect, not the dashboard.</summary>
public sealed class DashboardCommandTests(AppliedEnvironment environment) : IClassFixture<AppliedEnvironment>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_on_a_just_applied_platform_reports_no_drift()
    {
        var log = new LinesLogger();
        var outcome = await new DriftCheck(environment.Provider, environment.Spec).RunAsync(log, Ct);

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Summary.StartsWith("no drift:", StringComparison.Ordinal), $"{outcome.Summary}\n{string.Join('\n', log.Lines)}");
    }

    [Fact]
    public async Task Every_ExternalSecret_reads_SecretSynced_after_apply()
    {
        var syncs = new SecretSyncs(environment.Provider, environment.Spec, TimeProvider.System);
        Assert.NotEmpty(syncs.All);

        var states = await WaitAsync(() => syncs.ReadAsync(Ct), s => s.All(e => e.State == SecretSyncsSnapshot.Synced));

        Assert.All(states, s => Assert.Equal(SecretSyncsSnapshot.Synced, s.State));
        Assert.Equal(syncs.All.Select(e => e.Key), states.Select(s => s.Name));
    }

    [Fact]
    public async Task Waiting_for_syncs_returns_once_every_ExternalSecret_reads_SecretSynced()
    {
        var syncs = new SecretSyncs(environment.Provider, environment.Spec, TimeProvider.System);

        var pending = await syncs.WaitSyncedAsync(EnvironmentRunner.SyncTimeout, TimeSpan.FromMilliseconds(50), Ct);

        // What the platform's Running state waits for: at that moment every one reads synced, with no further wait.
        Assert.Empty(pending);
        Assert.All(await syncs.ReadAsync(Ct), s => Assert.Equal(SecretSyncsSnapshot.Synced, s.State));
    }

    [Fact]
    public async Task Waiting_for_syncs_gives_up_after_its_timeout_naming_what_is_not_synced()
    {
        var missing = environment.Spec.OfKind<ExternalSecret>().First() with { Name = "never-applied" };
        var spec = environment.Spec with { Resources = [.. environment.Spec.Resources, missing] };
        var syncs = new SecretSyncs(environment.Provider, spec, TimeProvider.System);

        var pending = await syncs.WaitSyncedAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), Ct);

        Assert.Equal([(missing.Key, "not found in the cluster")], pending);
    }

    [Fact]
    public async Task Sync_now_sets_a_new_force_sync_annotation_and_the_operator_syncs_again()
    {
        var syncs = new SecretSyncs(environment.Provider, environment.Spec, TimeProvider.System);
        var external = syncs.All[0];
        using var kube = await environment.KubernetesAsync(external.Cluster);
        var before = await ReadAsync(kube, external);

        var outcome = await syncs.ForceSyncAsync(external.Key, Ct);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Contains(external.Key, outcome.Summary, StringComparison.Ordinal);
        var after = await WaitAsync(() => ReadAsync(kube, external), es => SyncedVersion(es) != SyncedVersion(before) && SecretSyncs.StateOf(es) == SecretSyncsSnapshot.Synced);
        Assert.NotEqual(Annotation(before), Annotation(after));
        Assert.Equal(SecretSyncsSnapshot.Synced, SecretSyncs.StateOf(after));
    }

    [Fact]
    public async Task Sync_now_of_an_unknown_name_fails_naming_the_ExternalSecrets()
    {
        var syncs = new SecretSyncs(environment.Provider, environment.Spec, TimeProvider.System);

        var outcome = await syncs.ForceSyncAsync("nope/nothing", Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains("no ExternalSecret named nope/nothing", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains(syncs.All[0].Key, outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_puts_a_new_version_by_the_rules_and_the_synced_Secret_follows()
    {
        var syncs = new SecretSyncs(environment.Provider, environment.Spec, TimeProvider.System);
        var rotation = new SecretRotation(environment.Provider, environment.Spec, syncs);
        var (secret, external, key) = rotation.Generated
            .SelectMany(s => syncs.All.SelectMany(e => e.Keys.Where(k => k.RemoteKey == s.Name && k.Property is null).Select(k => (s, e, k))))
            .First();
        using var sm = await SecretsManagerAsync(secret);
        var before = await sm.GetSecretValueAsync(secret.Name, cancellationToken: Ct);

        var outcome = await rotation.RotateAsync(secret.Name, Ct);

        Assert.True(outcome.Succeeded, outcome.Summary);
        var now = await sm.GetSecretValueAsync(secret.Name, cancellationToken: Ct);
        Assert.NotEqual(before.VersionId, now.VersionId);
        Assert.Contains(now.VersionId, outcome.Summary, StringComparison.Ordinal);
        Assert.True(secret.Generate!.IsSatisfiedBy(now.Value.Reveal()), "the new value follows the secret's generation rules");
        Assert.DoesNotContain(now.Value.Reveal(), outcome.Summary, StringComparison.Ordinal);
        var previous = await sm.GetSecretValueAsync(secret.Name, versionStage: "AWSPREVIOUS", cancellationToken: Ct);
        Assert.Equal(before.VersionId, previous.VersionId);
        using var kube = await environment.KubernetesAsync(external.Cluster);
        await WaitAsync(
            async () => await kube.CoreV1.ReadNamespacedSecretAsync(external.Name, external.Namespace, cancellationToken: Ct),
            s => s.Data.TryGetValue(key.SecretKey, out var v) && Encoding.UTF8.GetString(v) == now.Value.Reveal());
        // What else takes the value (a database role's password) has it too: no drift is left behind.
        var drift = await new DriftCheck(environment.Provider, environment.Spec).RunAsync(new LinesLogger(), Ct);
        Assert.StartsWith("no drift:", drift.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_without_a_name_when_there_are_several_asks_for_one()
    {
        var syncs = new SecretSyncs(environment.Provider, environment.Spec, TimeProvider.System);
        var rotation = new SecretRotation(environment.Provider, environment.Spec, syncs);

        var unnamed = await rotation.RotateAsync(null, Ct);
        var unknown = await rotation.RotateAsync("no-such-secret", Ct);

        if (rotation.Generated.Count > 1) Assert.False(unnamed.Succeeded);
        Assert.False(unknown.Succeeded);
        Assert.Contains("no generated secret named no-such-secret", unknown.Summary, StringComparison.Ordinal);
    }

    private async Task<SecretsManagerClient> SecretsManagerAsync(SecretsManagerSecret secret)
    {
        var credentials = await environment.Provider.Aws.GetCredentialsAsync(secret.Account, Ct);
        return new SecretsManagerClient(AwsHandlerContext.OptionsFor(environment.Provider.Aws, AwsHandlerContext.ToSdk(credentials), secret.Region));
    }

    private static Task<JsonObject> ReadAsync(IKubernetes kube, ExternalSecret external) =>
        kube.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(EsoManifests.Group, EsoManifests.Version, external.Namespace!, EsoManifests.ExternalSecrets, external.Name, Ct);

    private static string? SyncedVersion(JsonObject es) => es["status"]?["syncedResourceVersion"]?.GetValue<string>();

    private static string? Annotation(JsonObject es) => es["metadata"]?["annotations"]?[SecretSyncs.ForceSyncAnnotation]?.GetValue<string>();

    /// <summary>Reads until <paramref name="done"/> holds (the operator works on its own loop), at most 30 s.</summary>
    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var last = await read();
        for (var i = 0; i < 300 && !done(last); i++)
        {
            await Task.Delay(100, Ct);
            last = await read();
        }
        Assert.True(done(last), $"not reached: {last}");
        return last;
    }
}
