using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>The <c>ClusterSecretStore</c> and one <c>ExternalSecret</c> per row of PLATFORM.md's sync table.</summary>
internal sealed class SecretSyncDefinition : IDefinitionArea
{
    /// <summary>The ClusterSecretStore every ExternalSecret reads through.</summary>
    public const string SecretStoreName = "aws-secrets-manager";

    /// <summary>The in-cluster name of the database (the ExternalName Service <c>database/db-endpoint</c>).</summary>
    public const string DatabaseAddress = "db-endpoint.database.svc.cluster.local";

    /// <summary>Database login roles and the generated secret holding each one's password.</summary>
    public static IReadOnlyList<(string User, string Secret)> DatabaseLogins { get; } =
    [
        ("argo", "argo-workflows-password"), ("jupyterhub", "jupyterhub-password"), ("grafana", "grafana-db-password"),
        ("odc", "odc-password"), ("odcread", "odc-read-password"), ("stac", "stac-write-password"), ("stacread", "stac-read-password"),
    ];

    private readonly DefinitionContext context;
    private readonly List<PlatformResource> resources = [];

    /// <summary>
    /// The sync in <paramref name="cluster"/>'s <paramref name="namespaces"/>: the store reads as
    /// <paramref name="storeServiceAccount"/>, each ExternalSecret from the Secrets Manager secrets in <paramref name="secrets"/>.
    /// </summary>
    public SecretSyncDefinition(
        DefinitionContext context,
        ClusterReference cluster,
        NamespaceDefinition namespaces,
        KubernetesServiceAccount storeServiceAccount,
        IReadOnlyDictionary<string, ResourceId> secrets)
    {
        this.context = context;
        var store = new ClusterSecretStore
        {
            Name = SecretStoreName,
            Cluster = cluster.Name,
            Region = context.Settings.Region,
            ServiceAccountNamespace = storeServiceAccount.Namespace ?? throw new ArgumentException("The store's service account has no namespace.", nameof(storeServiceAccount)),
            ServiceAccountName = storeServiceAccount.Name,
            Labels = context.Labels,
            DependsOn = [cluster.Id, storeServiceAccount.Id],
        };
        resources.Add(store);

        var prefix = context.Names.SecretPrefix;
        foreach (var row in SyncRows())
        {
            var sources = row.Keys.Where(k => k.RemoteKey is not null).Select(k => secrets[k.RemoteKey![prefix.Length..]]).Distinct();
            resources.Add(new ExternalSecret
            {
                Name = row.Name,
                Namespace = row.Namespace,
                Cluster = cluster.Name,
                StoreName = SecretStoreName,
                RefreshInterval = context.Settings.SecretRefreshInterval,
                Keys = row.Keys,
                Labels = context.Labels,
                DependsOn = [store.Id, .. namespaces.DependencyOf(row.Namespace), .. sources],
            });
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];

    /// <summary>Every row of the sync table.</summary>
    public IReadOnlyList<SecretSyncRow> SyncRows()
    {
        var names = context.Names;
        ExternalSecretKey Remote(string key, string secret, string? property = null) => ExternalSecretKey.Remote(key, names.Secret(secret), property);
        ExternalSecretKey[] master =
        [
            ExternalSecretKey.Of("db_name", "piksel"), ExternalSecretKey.Of("db_address", DatabaseAddress),
            ExternalSecretKey.Of("username", names.DatabaseUser), Remote("password", "database-password"),
        ];
        ExternalSecretKey[] Login(string user) => [ExternalSecretKey.Of("username", user), Remote("password", DatabaseLogins.Single(l => l.User == user).Secret)];
        ExternalSecretKey[] OAuth(string secret, string id, string key) => [Remote(id, secret, "client_id"), Remote(key, secret, "client_secret")];

        List<SecretSyncRow> rows = [new("database", "db-password", master)];
        foreach (var ns in new[] { "database", "argo" })
        {
            rows.AddRange(DatabaseLogins.Select(l => new SecretSyncRow(ns, l.User, Login(l.User))));
        }

        rows.Add(new("argo", "db-secret", master));
        rows.Add(new("argo", "argo-client-secret", OAuth(ManualSecrets.ArgoOAuth, "client-id", "client-secret")));
        rows.Add(new("jupyterhub", "hub-db-secret", [ExternalSecretKey.Of("username", "jupyterhub"), Remote("password", "jupyterhub-password"), Remote("odcread-password", "odc-read-password")]));
        rows.Add(new("jupyterhub", "hub-oauth", OAuth(ManualSecrets.JupyterHubOAuth, "client-id", "client-secret")));
        rows.Add(new("odc", "odc-secret", Login("odc")));
        rows.Add(new("odc", "odcread-secret", Login("odcread")));
        rows.Add(new("odc-stac", "stac-secret", Login("stac")));
        rows.Add(new("odc-stac", "stacread-secret", Login("stacread")));
        rows.Add(new("monitoring", "grafana-oauth-secret", OAuth(ManualSecrets.GrafanaOAuth, "client_id", "client_secret")));
        rows.Add(new("flux-system", "slack-webhook", [Remote("address", ManualSecrets.SlackAlerts)]));
        return rows;
    }
}
