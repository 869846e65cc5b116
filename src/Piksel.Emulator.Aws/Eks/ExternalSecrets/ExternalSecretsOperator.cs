using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// The External Secrets Operator, emulated beside one cluster as one of its controllers: keeps the Kubernetes Secret of
/// every <c>ExternalSecret</c> equal to its source in Secrets Manager, re-reading it every <c>refreshInterval</c> (on the
/// cluster's clock) and at once when the ExternalSecret changes. Like the real operator it writes to the cluster as its
/// own service account, through authorization and admission, and reaches AWS over HTTP with the credentials of the
/// store's service account (a token for it, then <c>AssumeRoleWithWebIdentity</c>), so IAM and KMS policies decide what
/// it may read.
/// </summary>
public sealed class ExternalSecretsOperator(ControllerContext context, Uri awsEndpoint) : IController
{
    /// <summary>ESO's default <c>refreshInterval</c> (<c>1h0m0s</c>).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>The kinds whose changes wake the operator.</summary>
    private static readonly ResourceType[] WakingTypes = [ExternalSecretsCrds.ExternalSecrets, ExternalSecretsCrds.ClusterSecretStores, BuiltInResources.Secrets];

    /// <summary>Who the operator writes as: its service account in its own namespace, as the Helm chart installs it.</summary>
    public static UserInfo Identity { get; } = UserInfo.ServiceAccount("external-secrets", "external-secrets");

    /// <summary>Registers the operator, reading secrets from the AWS emulator at <paramref name="awsEndpoint"/>, on a cluster's builder.</summary>
    public static KubeApiServerBuilder AddTo(KubeApiServerBuilder builder, Uri awsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(awsEndpoint);
        // The chart installs the operator's CRDs and RBAC with it.
        return Kubernetes.Auth.Rbac.RbacFeature.AddDefaultRbac(builder.AddCustomResourceDefinitions(ExternalSecretsCrds.Manifests), OperatorRbac.Objects)
            .AddController(Identity, c => new ExternalSecretsOperator(c, awsEndpoint));
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = context.Client;
        var provider = new ProviderClient(http, awsEndpoint, context.Time);
        var credentials = new OperatorCredentials(client, provider, context.Time);
        var stores = new StoreValidation(client, credentials, context.Time);
        var secrets = new SecretSync(client, credentials, provider, context.Time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The watches only wake the loop: each pass reads every store and ExternalSecret again (level-triggered).
                // Secrets are watched as ESO watches the Secrets it owns: one deleted or edited is written again.
                var watchers = new List<ObjectStore.Watcher>();
                using var unwatch = new Unwatch(watchers);
                foreach (var type in WakingTypes)
                    watchers.Add(client.Watch(type, null, client.List(type, null).ResourceVersion));
                while (watchers.All(w => !w.Events.Completion.IsCompleted))
                {
                    foreach (var w in watchers) while (w.Events.TryRead(out _)) { }
                    var storesDue = await stores.ValidateAllAsync(stoppingToken);
                    var secretsDue = await secrets.PassAsync(stoppingToken);
                    var wait = (storesDue < secretsDue ? storesDue : secretsDue) - context.Time.GetUtcNow();
                    wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    Task[] waits = [.. watchers.Select(w => w.Events.WaitToReadAsync(wake.Token).AsTask()), Task.Delay(wait, context.Time, wake.Token)];
                    await Task.WhenAny(waits);
                    await wake.CancelAsync();
                    stoppingToken.ThrowIfCancellationRequested();
                    foreach (var t in waits) _ = t.Exception;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A watch too old to resume (410), a write that lost a race (409) or a store hiccup: list again after a moment.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
    }

    /// <summary>Disposes the loop's watchers however it ends.</summary>
    private sealed class Unwatch(List<ObjectStore.Watcher> watchers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }
}
