using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Security;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// The External Secrets Operator, emulated beside one cluster: keeps the Kubernetes Secret of every
/// <c>ExternalSecret</c> equal to its source in Secrets Manager, re-reading it every <c>refreshInterval</c> (on the
/// cluster's clock) and at once when the ExternalSecret changes. Like the real operator it reaches AWS over HTTP with
/// the credentials of the store's service account (TokenRequest, then <c>AssumeRoleWithWebIdentity</c>), so IAM and
/// KMS policies decide what it may read.
/// </summary>
public sealed partial class ExternalSecretsOperator : IAsyncDisposable
{
    /// <summary>ESO's default <c>refreshInterval</c> (<c>1h0m0s</c>).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private readonly ApiServerState state;
    private readonly HttpClient http;
    /// <summary>Made on first use (a token request), off the cluster's start.</summary>
    private readonly Lazy<k8s.Kubernetes> kube;
    private readonly ProviderClient provider;
    private readonly CancellationTokenSource stopping = new();
    private readonly Dictionary<string, Tracked> tracked = new(StringComparer.Ordinal);
    private readonly Task loop;

    /// <summary>
    /// What was last done for one ExternalSecret (or store): which spec was synced, when (<paramref name="Since"/>), and
    /// when it is due again.
    /// </summary>
    private sealed record Tracked(string Uid, string Spec, DateTimeOffset Due, int Failures, DateTimeOffset Since)
    {
        /// <summary>
        /// Not yet due at <paramref name="now"/>. A clock that went back behind <see cref="Since"/> (the embedded
        /// provider moves "now" forward for a moment to check expired tokens) makes it due, rather than postponing it by the jump.
        /// </summary>
        public bool Waiting(DateTimeOffset now) => now < Due && now >= Since;
    }

    private ExternalSecretsOperator(KubeApiServer cluster, Uri awsEndpoint)
    {
        state = cluster.State;
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // The operator's own Kubernetes credentials: the cluster's admin (the real one runs with a broad ClusterRole).
        // The config is built directly, not parsed from the kubeconfig YAML: the YAML reader's first use costs a start ~200 ms.
        var certificates = cluster.State.Certificates;
        var endpoint = cluster.Endpoint;
        kube = new(() => new k8s.Kubernetes(new KubernetesClientConfiguration
        {
            Host = endpoint.ToString(),
            SslCaCerts = [X509CertificateLoader.LoadCertificate(certificates.Authority.RawData)],
            ClientCertificateData = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificates.AdminClient.ExportCertificatePem())),
            ClientCertificateKeyData = Convert.ToBase64String(Encoding.UTF8.GetBytes(ClusterCertificates.PrivateKeyPem(certificates.AdminClient))),
        }));
        provider = new ProviderClient(http, awsEndpoint, state.Time);
        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>Starts the operator for <paramref name="cluster"/>, reading secrets from the AWS emulator at <paramref name="awsEndpoint"/>; dispose to stop it.</summary>
    public static ExternalSecretsOperator Attach(KubeApiServer cluster, Uri awsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(awsEndpoint);
        return new ExternalSecretsOperator(cluster, awsEndpoint);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The watches only wake the loop: each pass reads every store and ExternalSecret again (level-triggered).
                // Secrets are watched as ESO watches the Secrets it owns: one deleted or edited is written again.
                var watchers = new List<ObjectStore.Watcher>();
                using var unwatch = new Unwatch(watchers);
                foreach (var type in WakingTypes)
                    watchers.Add(state.Store.Watch(type, null, state.Store.List(type, null).ResourceVersion));
                while (watchers.All(w => !w.Events.Completion.IsCompleted))
                {
                    foreach (var w in watchers) while (w.Events.TryRead(out _)) { }
                    var storesDue = await ValidateStoresAsync(cancellationToken);
                    var secretsDue = await PassAsync(cancellationToken);
                    var wait = (storesDue < secretsDue ? storesDue : secretsDue) - state.Time.GetUtcNow();
                    wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    Task[] waits = [.. watchers.Select(w => w.Events.WaitToReadAsync(wake.Token).AsTask()), Task.Delay(wait, state.Time, wake.Token)];
                    await Task.WhenAny(waits);
                    await wake.CancelAsync();
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var t in waits) _ = t.Exception;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A watch too old to resume (410) or a store hiccup: list again after a moment.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
    }

    /// <summary>The kinds whose changes wake the operator.</summary>
    private static readonly ResourceType[] WakingTypes = [BuiltInResources.ExternalSecrets, BuiltInResources.ClusterSecretStores, BuiltInResources.Secrets];

    /// <summary>Disposes the loop's watchers however it ends.</summary>
    private sealed class Unwatch(List<ObjectStore.Watcher> watchers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }

    /// <summary>Forgets what <paramref name="seen"/> no longer lists; returns when the next of the rest falls due.</summary>
    private static DateTimeOffset NextDue(Dictionary<string, Tracked> tracked, HashSet<string> seen)
    {
        foreach (var gone in tracked.Keys.Where(k => !seen.Contains(k)).ToList()) tracked.Remove(gone);
        return tracked.Count == 0 ? DateTimeOffset.MaxValue : tracked.Values.Min(t => t.Due);
    }

    /// <summary>Syncs every ExternalSecret that is new, changed or due; returns when the next one falls due.</summary>
    private async Task<DateTimeOffset> PassAsync(CancellationToken cancellationToken)
    {
        var (items, _) = state.Store.List(BuiltInResources.ExternalSecrets, null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = $"{item.Namespace}/{item.Name}";
            seen.Add(key);
            if (item.View["metadata"]?["deletionTimestamp"] is not null) continue;
            var uid = item.View["metadata"]?["uid"]?.GetValue<string>() ?? "";
            var spec = item.View["spec"]?.ToJsonString() ?? "";
            var now = state.Time.GetUtcNow();
            tracked.TryGetValue(key, out var last);
            var same = last is not null && last.Uid == uid && last.Spec == spec;
            // Not due: the same spec synced within its interval and its Secret as the operator left it (ESO's
            // shouldRefresh and isSecretValid: a deleted or edited Secret is written again at once), or backing off.
            if (same && last!.Waiting(now) && (last.Failures > 0 || TargetIntact(item))) continue;
            // At the operator's start the ExternalSecret's status says when it was last synced.
            if (last is null && SyncedUntil(item, now) is var until && now < until && TargetIntact(item))
            {
                tracked[key] = new Tracked(uid, spec, until, 0, now);
                continue;
            }
            var failures = same ? last!.Failures : 0;
            tracked[key] = await SyncAsync(item, uid, spec, failures, cancellationToken);
        }
        return NextDue(tracked, seen);
    }

    /// <summary>Stops the operator.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try { await loop; } catch (OperationCanceledException) { /* stopping */ }
        if (kube.IsValueCreated) kube.Value.Dispose();
        http.Dispose();
        stopping.Dispose();
    }
}
