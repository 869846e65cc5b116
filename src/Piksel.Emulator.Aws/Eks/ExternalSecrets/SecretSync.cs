using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// The ExternalSecret controller: each ExternalSecret that is new, changed, due (its <c>refreshInterval</c> on the
/// cluster's clock) or whose Secret was deleted or edited is fetched from Secrets Manager, written to its target and
/// reported in its status; a failure is reported and retried with backoff.
/// </summary>
internal sealed class SecretSync(IControllerClient client, OperatorCredentials credentials, ProviderClient provider, TimeProvider time)
{
    private readonly Dictionary<string, Tracked> tracked = new(StringComparer.Ordinal);
    private readonly TargetSecret target = new(client);
    private readonly SyncStatus status = new(client, time);

    /// <summary>Syncs every ExternalSecret that is new, changed or due; returns when the next one falls due.</summary>
    public async Task<DateTimeOffset> PassAsync(CancellationToken cancellationToken)
    {
        var (items, _) = client.List(ExternalSecretsCrds.ExternalSecrets, null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = $"{item.Namespace}/{item.Name}";
            seen.Add(key);
            if (item.View["metadata"]?["deletionTimestamp"] is not null) continue;
            var uid = item.View["metadata"]?["uid"]?.GetValue<string>() ?? "";
            var spec = item.View["spec"]?.ToJsonString() ?? "";
            var now = time.GetUtcNow();
            tracked.TryGetValue(key, out var last);
            var same = last is not null && last.Uid == uid && last.Spec == spec;
            // Not due: the same spec synced within its interval and its Secret as the operator left it (ESO's
            // shouldRefresh and isSecretValid: a deleted or edited Secret is written again at once), or backing off.
            if (same && last!.Waiting(now) && (last.Failures > 0 || target.Intact(item))) continue;
            // At the operator's start the ExternalSecret's status says when it was last synced.
            if (last is null && SyncStatus.SyncedUntil(item, now) is var until && now < until && target.Intact(item))
            {
                tracked[key] = new Tracked(uid, spec, until, 0, now);
                continue;
            }
            var failures = same ? last!.Failures : 0;
            tracked[key] = await SyncAsync(item, uid, spec, failures, cancellationToken);
        }
        return Tracked.NextDue(tracked, seen);
    }

    /// <summary>One sync of one ExternalSecret: fetch, write the target, report in the status; returns when to sync it again.</summary>
    private async Task<Tracked> SyncAsync(StoredObject es, string uid, string specText, int failures, CancellationToken cancellationToken)
    {
        var spec = es.View["spec"] as JsonObject ?? [];
        var interval = ExternalSecretsOperator.DefaultRefreshInterval;
        try
        {
            if (spec["refreshInterval"]?.GetValue<string>() is { } text && !GoDuration.TryParse(text, out interval))
                throw new SyncException($"invalid refreshInterval \"{text}\"");
            var data = await FetchAsync(es.Namespace, spec, cancellationToken);
            var written = await target.WriteAsync(es, spec, data, cancellationToken);
            await status.WriteAsync(es, uid, ready: true, "SecretSynced", "secret synced", written, cancellationToken);
            // 0s means sync once (until the ExternalSecret changes).
            var synced = time.GetUtcNow();
            return new Tracked(uid, specText, interval <= TimeSpan.Zero ? DateTimeOffset.MaxValue : synced + interval, 0, synced);
        }
        catch (Exception e) when (e is SyncException or ProviderException or HttpRequestException or TaskCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            var message = e switch
            {
                ProviderException => "could not get secret data from provider: " + e.Message,
                HttpRequestException or TaskCanceledException => "could not get secret data from provider: AWS endpoint unreachable",
                _ => e.Message,
            };
            try { await status.WriteAsync(es, uid, ready: false, "SecretSyncedError", message, null, cancellationToken); }
            catch (Exception) when (!cancellationToken.IsCancellationRequested) { /* the ExternalSecret moved on; the next pass sees it */ }
            // Back off from 1 s, doubling, never beyond the refresh interval.
            var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(failures, 9))));
            if (interval > TimeSpan.Zero && interval < backoff) backoff = interval;
            var failed = time.GetUtcNow();
            return new Tracked(uid, specText, failed + backoff, failures + 1, failed);
        }
    }

    /// <summary>Reads every <c>data</c> and <c>dataFrom</c> entry from Secrets Manager with the store's credentials.</summary>
    private async Task<SortedDictionary<string, byte[]>> FetchAsync(string ns, JsonObject spec, CancellationToken cancellationToken)
    {
        var storeRef = spec["secretStoreRef"] as JsonObject ?? [];
        var kind = storeRef["kind"]?.GetValue<string>() ?? "SecretStore";
        var storeName = storeRef["name"]?.GetValue<string>() ?? "";
        if (kind != "ClusterSecretStore")
            throw new SyncException($"could not get store reference: kind {kind} is not served (use ClusterSecretStore)");
        var store = client.Get(ExternalSecretsCrds.ClusterSecretStores, "", storeName)
            ?? throw new SyncException($"could not get store reference: ClusterSecretStore.external-secrets.io \"{storeName}\" not found");
        var (region, accountRef) = OperatorCredentials.ProviderOf(store);
        var (sessionKey, session) = await credentials.GetAsync(ns, accountRef, cancellationToken);

        var cache = new Dictionary<(string Key, string? Version), SecretValue>();
        async Task<SecretValue> Read(JsonNode? remoteRef)
        {
            var key = remoteRef?["key"]?.GetValue<string>() ?? throw new SyncException("remoteRef.key is required");
            var version = remoteRef?["version"]?.GetValue<string>();
            if (!cache.TryGetValue((key, version), out var value))
            {
                try { value = await provider.GetSecretValueAsync(session, region, key, version, cancellationToken); }
                catch (ProviderException e) when (e.IsCredentialFailure)
                {
                    credentials.Forget(sessionKey, session);
                    throw;
                }
                cache[(key, version)] = value;
            }
            return value;
        }

        var data = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in (spec["dataFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (entry["extract"] is not JsonObject extract) throw new SyncException("dataFrom: only extract is supported");
            var key = extract["key"]?.GetValue<string>() ?? "";
            var value = await Read(extract);
            var node = SecretJson.Select(value, extract["property"]?.GetValue<string>(), key);
            if (node is not JsonObject spread) throw new SyncException($"unable to unmarshal secret {key}: not a JSON object");
            foreach (var (name, field) in spread) data[name] = SecretJson.Bytes(field);
        }
        foreach (var entry in (spec["data"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var secretKey = entry["secretKey"]?.GetValue<string>() ?? throw new SyncException("data[].secretKey is required");
            var remoteRef = entry["remoteRef"];
            var value = await Read(remoteRef);
            var property = remoteRef?["property"]?.GetValue<string>();
            data[secretKey] = property is null
                ? value.SecretBinary ?? Encoding.UTF8.GetBytes(value.SecretString ?? "")
                : SecretJson.Bytes(SecretJson.Select(value, property, remoteRef!["key"]!.GetValue<string>()));
        }
        return data;
    }
}
