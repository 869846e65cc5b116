using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The platform's ExternalSecrets as the cluster has them: each one's sync state from its <c>Ready</c> condition (ESO's
/// <c>SecretSynced</c>, or the error it reports), and "sync now" done the way ESO documents it — a new value of the
/// <c>force-sync</c> annotation, which changes the object's metadata so the operator syncs it at once.
/// </summary>
internal sealed class SecretSyncs(IPlatformProvider provider, PlatformSpec spec, TimeProvider time)
{
    /// <summary>The annotation ESO's documentation sets to force a sync (<c>kubectl annotate es NAME force-sync=$(date +%s) --overwrite</c>).</summary>
    public const string ForceSyncAnnotation = "force-sync";

    /// <summary>The state of an ExternalSecret the operator has not written a Ready condition to.</summary>
    public const string NotSeen = "not synced yet";

    /// <summary>How long <see cref="WaitSyncedAsync"/> waits for an operator that has not touched any ExternalSecret.</summary>
    public static readonly TimeSpan OperatorAbsentAfter = TimeSpan.FromSeconds(30);

    /// <summary>The spec's ExternalSecrets, by <c>namespace/name</c>.</summary>
    public IReadOnlyList<ExternalSecret> All { get; } = [.. spec.OfKind<ExternalSecret>().OrderBy(e => e.Key, StringComparer.Ordinal)];

    /// <summary>Each ExternalSecret's state: <c>SecretSynced</c>, <c>&lt;reason&gt;: &lt;message&gt;</c>, or why it cannot be read.</summary>
    public async Task<IReadOnlyList<(string Name, string State)>> ReadAsync(CancellationToken cancellationToken)
    {
        var states = new List<(string, string)>();
        var clients = new Dictionary<string, IKubernetes?>(StringComparer.Ordinal);
        try
        {
            foreach (var external in All)
            {
                if (!clients.TryGetValue(external.Cluster, out var kube)) clients[external.Cluster] = kube = await ClientAsync(external.Cluster, cancellationToken);
                states.Add((external.Key, kube is null ? $"cluster {external.Cluster} not reachable" : await ReadOneAsync(kube, external, cancellationToken)));
            }
        }
        finally
        {
            foreach (var client in clients.Values) client?.Dispose();
        }
        return states;
    }

    /// <summary>
    /// Waits until every ExternalSecret is synced (<see cref="SecretSyncsSnapshot.Synced"/>), reading them every
    /// <paramref name="interval"/>, at most <paramref name="timeout"/> (both on the clock this was given); returns the
    /// states of those still not synced then (empty when all are). The operator syncs after the apply has written the
    /// objects, so until then the secrets checks of verify would fail on a platform that is otherwise up.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, string State)>> WaitSyncedAsync(TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        while (true)
        {
            var pending = (await ReadAsync(cancellationToken)).Where(s => s.State != SecretSyncsSnapshot.Synced).ToList();
            var waited = time.GetUtcNow() - started;
            // No status on any of them after a while: no operator is running (k3s has ESO's CRDs but not ESO), none will come.
            var unseen = pending.Count == All.Count && pending.All(p => p.State == NotSeen) && waited >= OperatorAbsentAfter;
            if (pending.Count == 0 || waited >= timeout || unseen) return pending;
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    private static async Task<string> ReadOneAsync(IKubernetes kube, ExternalSecret external, CancellationToken cancellationToken)
    {
        try
        {
            var live = await kube.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(
                EsoManifests.Group, EsoManifests.Version, external.Namespace!, EsoManifests.ExternalSecrets, external.Name, cancellationToken);
            return StateOf(live);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return "not found in the cluster";
        }
    }

    /// <summary>
    /// Forces a sync of every ExternalSecret, or of the one named <paramref name="only"/> (<c>namespace/name</c> or a
    /// name unique among them); the result names those it asked to sync.
    /// </summary>
    public async Task<CommandOutcome> ForceSyncAsync(string? only, CancellationToken cancellationToken)
    {
        var chosen = Choose(only);
        if (chosen.Count == 0)
        {
            return new CommandOutcome(false, only is null ? "the platform has no ExternalSecret" : $"no ExternalSecret named {only}; there are: {string.Join(", ", All.Select(e => e.Key))}");
        }
        foreach (var external in chosen) await ForceSyncAsync(external, cancellationToken);
        return new CommandOutcome(true, $"sync requested for {chosen.Count} ExternalSecret{(chosen.Count == 1 ? "" : "s")}: {string.Join(", ", chosen.Select(e => e.Key))}");
    }

    /// <summary>Forces a sync of <paramref name="external"/> by setting <see cref="ForceSyncAnnotation"/> to the clock's Unix seconds.</summary>
    public async Task ForceSyncAsync(ExternalSecret external, CancellationToken cancellationToken)
    {
        using var kube = await ClientAsync(external.Cluster, cancellationToken)
            ?? throw new InvalidOperationException($"cluster {external.Cluster} not reachable");
        // A value the annotation never had before, as date +%s gives, or the metadata (and so ESO's sync key) would not change.
        var stamp = $"{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        var patch = new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ForceSyncAnnotation] = stamp } } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        await kube.CustomObjects.PatchNamespacedCustomObjectAsync(patch, EsoManifests.Group, EsoManifests.Version, external.Namespace!, EsoManifests.ExternalSecrets, external.Name, cancellationToken: cancellationToken);
    }

    /// <summary>What the dashboard shows for one live ExternalSecret.</summary>
    public static string StateOf(JsonObject live)
    {
        var ready = (live["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");
        if (ready is null) return NotSeen;
        var reason = ready["reason"]?.GetValue<string>() ?? "";
        var message = ready["message"]?.GetValue<string>() ?? "";
        return ready["status"]?.GetValue<string>() == "True" ? reason : $"{reason}: {message}";
    }

    private List<ExternalSecret> Choose(string? only)
    {
        if (string.IsNullOrWhiteSpace(only)) return [.. All];
        var name = only.Trim();
        var exact = All.Where(e => e.Key == name).ToList();
        if (exact.Count > 0) return exact;
        var byName = All.Where(e => e.Name == name).ToList();
        return byName.Count == 1 ? byName : [];
    }

    private async Task<IKubernetes?> ClientAsync(string cluster, CancellationToken cancellationToken) =>
        await provider.Cluster.ConnectAsync(cluster, cancellationToken) is { } connection ? KubernetesClientFactory.FromConnection(connection) : null;
}
