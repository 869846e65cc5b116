using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// The operator's AWS credentials, as ESO's JWT auth gets them: a token for the store's service account
/// (<c>serviceaccounts/token</c>, asked as the operator), exchanged for a session of the account's role. Sessions are
/// kept, as ESO's AWS session cache (<c>--experimental-enable-aws-session-cache</c>) keeps them.
/// </summary>
internal sealed class OperatorCredentials(IControllerClient client, ProviderClient provider, TimeProvider time)
{
    private const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";
    private const string AudienceAnnotation = "eks.amazonaws.com/audience";

    /// <summary>A kept session is replaced this long before it expires (the AWS SDKs' refresh window).</summary>
    private static readonly TimeSpan SessionRenewal = TimeSpan.FromMinutes(5);

    // Sessions by store account, role and audiences.
    private readonly ConcurrentDictionary<string, SessionCredentials> sessions = new(StringComparer.Ordinal);

    /// <summary>The region and service account of a store's <c>provider.aws</c> (Secrets Manager, JWT auth), or why it has none ESO could use.</summary>
    public static (string Region, JsonObject AccountRef) ProviderOf(StoredObject store)
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
    /// The service account's role, assumed with a token for it. The session is reused until <see cref="SessionRenewal"/>
    /// before it expires: one session per store account and role, not one per sync. Returns the session's cache key too.
    /// </summary>
    public async Task<(string Key, SessionCredentials Credentials)> GetAsync(string esNamespace, JsonObject accountRef, CancellationToken cancellationToken)
    {
        var name = accountRef["name"]?.GetValue<string>() ?? "";
        // A ClusterSecretStore names the account's namespace; without one, the ExternalSecret's namespace is used.
        var ns = accountRef["namespace"]?.GetValue<string>() is { Length: > 0 } n ? n : esNamespace;
        var account = client.Get(BuiltInResources.ServiceAccounts, ns, name)
            ?? throw new SyncException($"could not get provider: serviceaccounts \"{name}\" not found");
        var annotations = account.Annotations;
        if (!annotations.TryGetValue(RoleArnAnnotation, out var roleArn) || roleArn.Length == 0)
            throw new SyncException($"could not get provider: an IAM role must be associated with service account {name} (namespace: {ns})");
        var audiences = new List<string> { annotations.TryGetValue(AudienceAnnotation, out var audience) && audience.Length > 0 ? audience : "sts.amazonaws.com" };
        audiences.AddRange((accountRef["audiences"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0));
        var key = $"{ns}/{name}|{roleArn}|{string.Join(',', audiences)}";
        if (sessions.TryGetValue(key, out var cached) && cached.Expiration - time.GetUtcNow() > SessionRenewal)
            return (key, cached);
        string token;
        try { token = await client.RequestTokenAsync(ns, name, audiences, cancellationToken); }
        catch (StatusException e) { throw new SyncException($"could not get provider: {e.Message}"); }
        var credentials = await provider.AssumeRoleWithWebIdentityAsync(roleArn, token, cancellationToken);
        sessions[key] = credentials;
        return (key, credentials);
    }

    /// <summary>
    /// Drops a session that failed as a session (its role replaced, its key unknown), so the next sync assumes the role
    /// afresh rather than failing on it until it expires. A refusal (AccessDenied) keeps it.
    /// </summary>
    public void Forget(string key, SessionCredentials credentials) => sessions.TryRemove(KeyValuePair.Create(key, credentials));
}
