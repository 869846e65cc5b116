using System.Text.Json;
using Piksel.Platform.Definition;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;
using static Piksel.Platform.Tests.Definition.DefinitionHelpers;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The secrets and the sync table of PLATFORM.md.</summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData("database-password", "#$&*+-=")]
    [InlineData("argo-workflows-password", "@#$&*+-=")]
    [InlineData("grafana-db-password", "@#$&*+-=")]
    [InlineData("odc-password", "@#$&*+-=")]
    [InlineData("odc-read-password", "@#$&*+-=")]
    [InlineData("stac-write-password", "@#$&*+-=")]
    [InlineData("stac-read-password", "@#$&*+-=")]
    [InlineData("jupyterhub-password", "")]
    public void Each_generated_secret_has_its_rules_and_the_platform_key(string name, string punctuation)
    {
        var secret = Local.Get<SecretsManagerSecret>($"piksel/local/{name}");

        Assert.Equal(32, secret.Generate!.Length);
        Assert.True(secret.Generate.IncludeLetters && secret.Generate.IncludeDigits);
        Assert.Equal(punctuation, secret.Generate.Punctuation);
        Assert.Equal(Local.Get<KmsKey>("piksel-local").Arn.Token, secret.KmsKeyId);
        Assert.Null(secret.Value);
        Assert.False(secret.IsManual);
    }

    [Fact]
    public void Manual_secrets_come_from_the_settings_and_oauth_ones_are_stored_as_json_halves()
    {
        var oauth = Local.Get<SecretsManagerSecret>("piksel/local/argo-oauth");
        using var json = JsonDocument.Parse(oauth.Value!.Reveal());
        Assert.Equal("local-argo-client", json.RootElement.GetProperty("client_id").GetString());
        Assert.Equal("local-argo-client-secret", json.RootElement.GetProperty("client_secret").GetString());
        Assert.Null(oauth.Generate);
        Assert.Equal("argo-oauth", oauth.ManualInput);

        var slack = Local.Get<SecretsManagerSecret>("piksel/local/slack-alerts");
        Assert.StartsWith("https://hooks.slack.com/", slack.Value!.Reveal(), StringComparison.Ordinal);
        Assert.All(Dev.OfKind<SecretsManagerSecret>().Where(s => s.IsManual), s => Assert.Null(s.Value));
    }

    [Fact]
    public void The_store_uses_the_external_secrets_service_account()
    {
        var store = Local.OfKind<ClusterSecretStore>().Single();

        Assert.Equal(("aws-secrets-manager", "external-secrets", "external-secrets", "ap-southeast-3"), (store.Name, store.ServiceAccountNamespace, store.ServiceAccountName, store.Region));
        Assert.Null(store.Namespace);
    }

    public static TheoryData<string, string, string> SyncTable()
    {
        // namespace, secret, "key=source" pairs: 'literal' or @remote[#property].
        var rows = new TheoryData<string, string, string>
        {
            { "database", "db-password", "db_name='piksel' db_address='db-endpoint.database.svc.cluster.local' username='piksel_local' password=@database-password" },
            { "argo", "db-secret", "db_name='piksel' db_address='db-endpoint.database.svc.cluster.local' username='piksel_local' password=@database-password" },
            { "argo", "argo-client-secret", "client-id=@argo-oauth#client_id client-secret=@argo-oauth#client_secret" },
            { "jupyterhub", "hub-db-secret", "username='jupyterhub' password=@jupyterhub-password odcread-password=@odc-read-password" },
            { "jupyterhub", "hub-oauth", "client-id=@jupyterhub-oauth#client_id client-secret=@jupyterhub-oauth#client_secret" },
            { "odc", "odc-secret", "username='odc' password=@odc-password" },
            { "odc", "odcread-secret", "username='odcread' password=@odc-read-password" },
            { "odc-stac", "stac-secret", "username='stac' password=@stac-write-password" },
            { "odc-stac", "stacread-secret", "username='stacread' password=@stac-read-password" },
            { "monitoring", "grafana-oauth-secret", "client_id=@grafana-oauth#client_id client_secret=@grafana-oauth#client_secret" },
            { "flux-system", "slack-webhook", "address=@slack-alerts" },
        };
        (string User, string Secret)[] logins =
        [
            ("argo", "argo-workflows-password"), ("jupyterhub", "jupyterhub-password"), ("grafana", "grafana-db-password"),
            ("odc", "odc-password"), ("odcread", "odc-read-password"), ("stac", "stac-write-password"), ("stacread", "stac-read-password"),
        ];
        foreach (var ns in new[] { "database", "argo" })
        {
            foreach (var (user, secret) in logins)
            {
                rows.Add(ns, user, $"username='{user}' password=@{secret}");
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(SyncTable))]
    public void Each_sync_row_is_one_external_secret_with_exactly_its_keys(string ns, string name, string keys)
    {
        var external = Local.Get<ExternalSecret>($"{ns}/{name}");

        static string Show(ExternalSecretKey k) =>
            k.Literal is not null ? $"{k.SecretKey}='{k.Literal}'" : $"{k.SecretKey}=@{k.RemoteKey!["piksel/local/".Length..]}{(k.Property is null ? "" : "#" + k.Property)}";
        Assert.Equal(keys, string.Join(' ', external.Keys.Select(Show)));
        Assert.Equal(("aws-secrets-manager", "ClusterSecretStore"), (external.StoreName, external.StoreKind));
        Assert.Equal(TimeSpan.FromSeconds(10), external.RefreshInterval);
        Assert.All(external.Keys.Where(k => k.RemoteKey is not null), k => Assert.Contains(new Platform.Spec.ResourceId(nameof(SecretsManagerSecret), k.RemoteKey!), external.DependsOn));
    }

    [Fact]
    public void There_is_one_external_secret_per_row_and_no_more()
    {
        Assert.Equal(SyncTable().Count, Local.OfKind<ExternalSecret>().Count());
    }

    [Fact]
    public void The_refresh_interval_follows_the_environment()
    {
        Assert.All(Dev.OfKind<ExternalSecret>(), e => Assert.Equal(TimeSpan.FromHours(1), e.RefreshInterval));
        Assert.Equal("piksel_dev", Dev.Get<ExternalSecret>("database/db-password").Keys.Single(k => k.SecretKey == "username").Literal);
    }
}
