using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>A sync that cannot finish, with a message fit for the ExternalSecret's status (never a secret value).</summary>
internal sealed class SyncException(string message) : Exception(message);

public sealed partial class ExternalSecretsOperator
{
    private const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";
    private const string AudienceAnnotation = "eks.amazonaws.com/audience";

    /// <summary>A kept session is replaced this long before it expires (the AWS SDKs' refresh window).</summary>
    private static readonly TimeSpan SessionRenewal = TimeSpan.FromMinutes(5);

    // Sessions by store account, role and audiences.
    private readonly ConcurrentDictionary<string, SessionCredentials> sessions = new(StringComparer.Ordinal);

    /// <summary>One sync of one ExternalSecret: fetch, write the target, report in the status; returns when to sync it again.</summary>
    private async Task<Tracked> SyncAsync(StoredObject es, string uid, string specText, int failures, CancellationToken cancellationToken)
    {
        var spec = es.View["spec"] as JsonObject ?? [];
        var interval = DefaultRefreshInterval;
        try
        {
            if (spec["refreshInterval"]?.GetValue<string>() is { } text && !GoDuration.TryParse(text, out interval))
                throw new SyncException($"invalid refreshInterval \"{text}\"");
            var data = await FetchAsync(es.Namespace, spec, cancellationToken);
            var target = WriteTarget(es, spec, data);
            WriteStatus(es, uid, ready: true, "SecretSynced", "secret synced", target);
            // 0s means sync once (until the ExternalSecret changes).
            var synced = state.Time.GetUtcNow();
            return new Tracked(uid, specText, interval <= TimeSpan.Zero ? DateTimeOffset.MaxValue : synced + interval, 0, synced);
        }
        catch (Exception e) when (e is SyncException or ProviderException or HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            var message = e switch
            {
                ProviderException => "could not get secret data from provider: " + e.Message,
                k8s.Autorest.HttpOperationException k => $"could not get secret data from provider: {k.Response.Content}",
                HttpRequestException or TaskCanceledException => "could not get secret data from provider: AWS endpoint unreachable",
                _ => e.Message,
            };
            try { WriteStatus(es, uid, ready: false, "SecretSyncedError", message, null); }
            catch (Exception) when (!cancellationToken.IsCancellationRequested) { /* the ExternalSecret moved on; the next pass sees it */ }
            // Back off from 1 s, doubling, never beyond the refresh interval.
            var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(failures, 9))));
            if (interval > TimeSpan.Zero && interval < backoff) backoff = interval;
            var failed = state.Time.GetUtcNow();
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
        var store = state.Store.Get(BuiltInResources.ClusterSecretStores, "", storeName)
            ?? throw new SyncException($"could not get store reference: ClusterSecretStore.external-secrets.io \"{storeName}\" not found");
        var (region, accountRef) = AwsProviderOf(store);
        var (sessionKey, credentials) = await CredentialsAsync(ns, accountRef, cancellationToken);

        var cache = new Dictionary<(string Key, string? Version), SecretValue>();
        async Task<SecretValue> Read(JsonNode? remoteRef)
        {
            var key = remoteRef?["key"]?.GetValue<string>() ?? throw new SyncException("remoteRef.key is required");
            var version = remoteRef?["version"]?.GetValue<string>();
            if (!cache.TryGetValue((key, version), out var value))
            {
                try { value = await provider.GetSecretValueAsync(credentials, region, key, version, cancellationToken); }
                catch (ProviderException e) when (e.IsCredentialFailure)
                {
                    // The session itself failed (its role replaced, its key unknown): the next sync assumes the role
                    // afresh rather than failing on the same session until it expires. A refusal (AccessDenied) keeps it.
                    sessions.TryRemove(KeyValuePair.Create(sessionKey, credentials));
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

    /// <summary>The region and service account of a store's <c>provider.aws</c> (Secrets Manager, JWT auth), or why it has none ESO could use.</summary>
    private static (string Region, JsonObject AccountRef) AwsProviderOf(StoredObject store)
    {
        var aws = store.View["spec"]?["provider"]?["aws"] as JsonObject
            ?? throw new SyncException($"could not get provider: ClusterSecretStore \"{store.Name}\" has no aws provider");
        var service = aws["service"]?.GetValue<string>() ?? "";
        if (service != "SecretsManager")
            throw new SyncException($"could not get provider: service {service} is not supported (SecretsManager is)");
        var region = aws["region"]?.GetValue<string>() is { Length: > 0 } r ? r : throw new SyncException("could not get provider: region is required");
        var accountRef = aws["auth"]?["jwt"]?["serviceAccountRef"] as JsonObject
            ?? throw new SyncException("could not get provider: auth.jwt.serviceAccountRef is required");
        return (region, accountRef);
    }

    /// <summary>
    /// The service account's role, assumed with a token for it, as ESO's JWT auth does. The session is kept and reused
    /// until <see cref="SessionRenewal"/> before it expires, as ESO does with its AWS session cache
    /// (<c>--experimental-enable-aws-session-cache</c>): one session per store account and role, not one per sync.
    /// </summary>
    private async Task<(string Key, SessionCredentials Credentials)> CredentialsAsync(string esNamespace, JsonObject accountRef, CancellationToken cancellationToken)
    {
        var name = accountRef["name"]?.GetValue<string>() ?? "";
        // A ClusterSecretStore names the account's namespace; without one, the ExternalSecret's namespace is used.
        var ns = accountRef["namespace"]?.GetValue<string>() is { Length: > 0 } n ? n : esNamespace;
        var account = state.Store.Get(BuiltInResources.ServiceAccounts, ns, name)
            ?? throw new SyncException($"could not get provider: serviceaccounts \"{name}\" not found");
        var annotations = account.Annotations;
        if (!annotations.TryGetValue(RoleArnAnnotation, out var roleArn) || roleArn.Length == 0)
            throw new SyncException($"could not get provider: an IAM role must be associated with service account {name} (namespace: {ns})");
        var audiences = new List<string> { annotations.TryGetValue(AudienceAnnotation, out var audience) && audience.Length > 0 ? audience : "sts.amazonaws.com" };
        audiences.AddRange((accountRef["audiences"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0));
        var key = $"{ns}/{name}|{roleArn}|{string.Join(',', audiences)}";
        if (sessions.TryGetValue(key, out var cached) && cached.Expiration - state.Time.GetUtcNow() > SessionRenewal)
            return (key, cached);
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = audiences } };
        var token = await kube.Value.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, name, ns, cancellationToken: cancellationToken);
        var credentials = await provider.AssumeRoleWithWebIdentityAsync(roleArn, token.Status.Token, cancellationToken);
        sessions[key] = credentials;
        return (key, credentials);
    }
}
