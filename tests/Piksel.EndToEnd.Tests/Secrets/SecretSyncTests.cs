using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.EndToEnd.Tests.Secrets;

/// <summary>
/// The sync table end to end: every ExternalSecret's Kubernetes Secret equals its sources in Secrets Manager (literal
/// keys as given, remote keys the value or its JSON property), and follows a change of a source within the refresh
/// interval. Waits are bounded polls; no test asserts how long anything took.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretSyncTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One case per ExternalSecret of env/local.json's spec, as <c>namespace/name</c>.</summary>
    public static TheoryData<string> ExternalSecrets() =>
        new(PlatformClients.LocalSpec().OfKind<ExternalSecret>().Select(e => e.Key));

    /// <summary>The first sync: three refresh intervals and a margin for the operator to start and read IRSA credentials.</summary>
    private TimeSpan FirstSyncDeadline => fixture.Settings.SecretRefreshInterval * 3 + TimeSpan.FromSeconds(10);

    /// <summary>Following a change: the change lands within one interval; three leave room for a loaded machine.</summary>
    private TimeSpan FollowDeadline => fixture.Settings.SecretRefreshInterval * 3 + TimeSpan.FromSeconds(5);

    [PlatformTheory]
    [MemberData(nameof(ExternalSecrets))]
    public async Task The_Kubernetes_Secret_equals_its_sources(string key)
    {
        var external = fixture.Spec.Get<ExternalSecret>(key);
        using var secrets = await fixture.Provider.SecretsManagerAsync(fixture.Settings.Account, Ct);
        var expected = await ExpectedAsync(secrets, external);
        Assert.Equal(external.Keys.Select(k => k.SecretKey).Order(StringComparer.Ordinal), expected.Keys.Order(StringComparer.Ordinal));

        using var kube = await fixture.KubernetesAsync(Ct);
        var wrong = await PlatformClients.PollAsync(FirstSyncDeadline, () => DifferenceAsync(kube, external, expected), Ct);

        Assert.True(wrong is null, $"{key} after {FirstSyncDeadline.TotalSeconds:F0} s: {wrong}");
    }

    [PlatformFact]
    public async Task A_changed_generated_source_reaches_every_Secret_that_reads_it()
    {
        var source = fixture.Settings.Names.Secret("odc-password");
        var rules = fixture.Spec.Get<SecretsManagerSecret>(source).Generate!;
        using var secrets = await fixture.Provider.SecretsManagerAsync(fixture.Settings.Account, Ct);
        var changed = await secrets.GetRandomPasswordAsync(Platform.Aws.Handlers.SecretsManagerSecretHandler.PasswordRequest(rules), Ct);

        await ChangeAndFollowAsync(secrets, source, changed.Reveal());
    }

    [PlatformFact]
    public async Task A_changed_JSON_property_of_a_manual_source_reaches_its_Secret()
    {
        var source = fixture.Settings.Names.Secret(ManualSecrets.GrafanaOAuth);
        using var secrets = await fixture.Provider.SecretsManagerAsync(fixture.Settings.Account, Ct);
        var current = JsonNode.Parse((await secrets.GetSecretValueAsync(source, cancellationToken: Ct)).Value.Reveal())!.AsObject();
        current["client_secret"] = "rotated-" + Guid.NewGuid().ToString("N");

        await ChangeAndFollowAsync(secrets, source, current.ToJsonString());
    }

    /// <summary>
    /// Puts <paramref name="value"/> into <paramref name="source"/> as the admin, waits for every Secret reading it to
    /// follow, then puts the original back and waits for them to follow again (the platform is left as found).
    /// </summary>
    private async Task ChangeAndFollowAsync(SecretsManagerClient secrets, string source, string value)
    {
        var readers = fixture.Spec.OfKind<ExternalSecret>().Where(e => e.Keys.Any(k => k.RemoteKey == source)).ToList();
        Assert.NotEmpty(readers);
        var original = (await secrets.GetSecretValueAsync(source, cancellationToken: Ct)).Value;
        using var kube = await fixture.KubernetesAsync(Ct);

        // Start from synced Secrets, so that a follow cannot be mistaken for a late first sync.
        await AssertAllFollowAsync(kube, secrets, readers, FirstSyncDeadline, "before the change");
        try
        {
            await secrets.PutSecretValueAsync(source, SecretValue.FromString(value), cancellationToken: Ct);
            await AssertAllFollowAsync(kube, secrets, readers, FollowDeadline, $"after PutSecretValue on {source}");
        }
        finally
        {
            await secrets.PutSecretValueAsync(source, original, cancellationToken: CancellationToken.None);
        }

        await AssertAllFollowAsync(kube, secrets, readers, FollowDeadline, $"after restoring {source}");
    }

    private static async Task AssertAllFollowAsync(IKubernetes kube, SecretsManagerClient secrets, IReadOnlyList<ExternalSecret> readers, TimeSpan deadline, string when)
    {
        var failures = new List<string>();
        foreach (var reader in readers)
        {
            var expected = await ExpectedAsync(secrets, reader);
            if (await PlatformClients.PollAsync(deadline, () => DifferenceAsync(kube, reader, expected), Ct) is { } wrong)
            {
                failures.Add($"{reader.Key}: {wrong}");
            }
        }

        Assert.True(failures.Count == 0, $"{when}, within {deadline.TotalSeconds:F0} s:\n" + string.Join('\n', failures));
    }

    /// <summary>What the Secret's data must be, from the sources as Secrets Manager holds them now.</summary>
    private static async Task<Dictionary<string, string>> ExpectedAsync(SecretsManagerClient secrets, ExternalSecret external)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in external.Keys)
        {
            if (key.Literal is { } literal)
            {
                expected[key.SecretKey] = literal;
                continue;
            }

            var value = (await secrets.GetSecretValueAsync(key.RemoteKey!, cancellationToken: Ct)).Value.Reveal();
            expected[key.SecretKey] = key.Property is null ? value : JsonNode.Parse(value)![key.Property]!.GetValue<string>();
        }

        return expected;
    }

    /// <summary>Null when the Secret's data equals <paramref name="expected"/>; otherwise what differs (key names only, never values).</summary>
    private static async Task<string?> DifferenceAsync(IKubernetes kube, ExternalSecret external, IReadOnlyDictionary<string, string> expected)
    {
        k8s.Models.V1Secret secret;
        try
        {
            secret = await kube.CoreV1.ReadNamespacedSecretAsync(external.Name, external.Namespace, cancellationToken: Ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return "no Secret yet";
        }

        var actual = (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value), StringComparer.Ordinal);
        var missing = expected.Keys.Except(actual.Keys, StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Except(expected.Keys, StringComparer.Ordinal).ToList();
        var differing = expected.Keys.Intersect(actual.Keys, StringComparer.Ordinal).Where(k => expected[k] != actual[k]).ToList();
        return missing.Count + extra.Count + differing.Count == 0
            ? null
            : $"missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", extra)}], differing values [{string.Join(", ", differing)}]";
    }
}
