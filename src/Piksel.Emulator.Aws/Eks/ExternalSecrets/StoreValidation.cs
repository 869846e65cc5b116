using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// The store controller: each ClusterSecretStore is validated (its provider read, its credentials obtained) and says so
/// in its status, as <c>kubectl get clustersecretstores</c> shows on a real cluster (Status Valid, Capabilities
/// ReadWrite, Ready True).
/// </summary>
internal sealed class StoreValidation(IControllerClient client, OperatorCredentials credentials, TimeProvider time)
{
    /// <summary>ESO's <c>--store-requeue-interval</c> default: a valid store is validated again this often.</summary>
    private static readonly TimeSpan StoreRequeueInterval = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Tracked> tracked = new(StringComparer.Ordinal);

    /// <summary>Validates every ClusterSecretStore that is new, changed or due; returns when the next one falls due.</summary>
    public async Task<DateTimeOffset> ValidateAllAsync(CancellationToken cancellationToken)
    {
        var (items, _) = client.List(ExternalSecretsCrds.ClusterSecretStores, null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var store in items)
        {
            seen.Add(store.Name);
            if (store.View["metadata"]?["deletionTimestamp"] is not null) continue;
            var uid = store.View["metadata"]?["uid"]?.GetValue<string>() ?? "";
            var spec = store.View["spec"]?.ToJsonString() ?? "";
            var now = time.GetUtcNow();
            if (tracked.TryGetValue(store.Name, out var last) && last.Uid == uid && last.Spec == spec && last.Waiting(now)) continue;
            var valid = await ValidateAsync(store, cancellationToken);
            await WriteStatusAsync(store, uid, valid, cancellationToken);
            var validated = time.GetUtcNow();
            tracked[store.Name] = new Tracked(uid, spec, validated + StoreRequeueInterval, 0, validated);
        }
        return Tracked.NextDue(tracked, seen);
    }

    /// <summary>
    /// ESO's AWS <c>Validate</c>: the provider must be usable and its credentials obtainable. A store whose service account
    /// names no namespace (referent auth) depends on each ExternalSecret's namespace, so ESO cannot check it and calls it valid.
    /// </summary>
    private async Task<bool> ValidateAsync(StoredObject store, CancellationToken cancellationToken)
    {
        try
        {
            var (_, accountRef) = OperatorCredentials.ProviderOf(store);
            if (accountRef["namespace"]?.GetValue<string>() is not { Length: > 0 }) return true;
            await credentials.GetAsync("", accountRef, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SyncException or ProviderException or HttpRequestException or TaskCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WriteStatusAsync(StoredObject read, string uid, bool valid, CancellationToken cancellationToken)
    {
        if (client.Get(ExternalSecretsCrds.ClusterSecretStores, "", read.Name) is not { } store || store.View["metadata"]?["uid"]?.GetValue<string>() != uid) return;
        var statusText = valid ? "True" : "False";
        var previous = (store.View["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");
        if (previous?["status"]?.GetValue<string>() == statusText && store.View["status"]?["capabilities"] is not null) return;
        var now = Meta.Timestamp(time.GetUtcNow());
        await client.UpdateStatusAsync(store, obj =>
        {
            var status = obj["status"] as JsonObject ?? (JsonObject)(obj["status"] = new JsonObject());
            status["capabilities"] = "ReadWrite";
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = statusText,
                ["reason"] = valid ? "Valid" : "ValidationFailed",
                ["message"] = valid ? "store validated" : "unable to validate store",
                ["lastTransitionTime"] = now,
            });
        }, cancellationToken);
    }
}
