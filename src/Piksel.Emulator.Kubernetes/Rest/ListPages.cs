using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// Chunked lists (<c>limit</c> + <c>continue</c>). Tokens are what the real server hands out
/// (base64url of <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>); the first page's state is kept as a snapshot
/// for <see cref="SnapshotLifetime"/> (etcd's default compaction interval) so later pages are consistent at that version.
/// </summary>
public sealed class ListPages(ApiServerState state)
{
    /// <summary>How long a list snapshot serves continue tokens (default 5 minutes, as etcd compaction).</summary>
    public static TimeSpan SnapshotLifetime { get; } = TimeSpan.FromMinutes(5);

    private const int MaxSnapshots = 64;

    private readonly ConcurrentDictionary<(string GroupResource, string? Namespace, long Version), (IReadOnlyList<StoredObject> Items, DateTimeOffset Taken)> snapshots = new();

    /// <summary>The message of 410 Expired for a continue token whose version is gone.</summary>
    public const string ExpiredMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.";

    /// <summary>The store key objects are ordered by (namespace/name).</summary>
    public static string Key(StoredObject o) => o.Namespace.Length == 0 ? o.Name : o.Namespace + "/" + o.Name;

    /// <summary>Encodes a continue token that resumes after <paramref name="lastKey"/>.</summary>
    public static string Encode(long version, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = version, ["start"] = lastKey + "\0" }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a continue token; a malformed one is 400 as the real server answers.</summary>
    public static (long Version, string Start) Decode(string token)
    {
        static StatusException Invalid(string why) => StatusException.BadRequest($"invalid continue token: continue key is not valid: {why}");
        byte[] bytes;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            bytes = Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '='));
        }
        catch (FormatException e)
        {
            throw Invalid(e.Message);
        }
        try
        {
            var json = JsonNode.Parse(bytes) as JsonObject ?? throw Invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            if (json["v"]?.GetValue<string>() != "meta.k8s.io/v1") throw Invalid("server does not recognize this encoded version");
            var version = json["rv"]?.GetValue<long>() ?? 0;
            if (version <= 0) throw Invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            var start = json["start"]?.GetValue<string>() ?? "";
            if (start.Length == 0 || start.Contains("..", StringComparison.Ordinal)) throw Invalid("path traversal attempt detected");
            return (version, start);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(e.Message);
        }
    }

    /// <summary>The objects a list serves and its version: the current state, or for a continue token the snapshot at its version.</summary>
    public (IReadOnlyList<StoredObject> Items, long Version, string? Start) Source(ResourceType type, string? ns, string? continueToken)
    {
        Prune();
        if (string.IsNullOrEmpty(continueToken))
        {
            var (items, version) = state.Store.List(type, ns);
            return (items, version, null);
        }
        var (at, start) = Decode(continueToken);
        if (snapshots.TryGetValue((type.GroupResource, ns, at), out var snapshot)) return (snapshot.Items, at, start);
        // No snapshot (restart, or taken on another list): the current state stands in while the version is still in
        // the store's window; beyond it the token is as good as compacted.
        if (expired.ContainsKey((type.GroupResource, ns, at)) || at < state.Store.OldestWatchableVersion || at > state.Store.ResourceVersion) throw StatusException.Expired(ExpiredMessage);
        return (state.Store.List(type, ns).Items, at, start);
    }

    /// <summary>Keeps <paramref name="items"/> as the state at <paramref name="version"/> for later pages.</summary>
    public void Keep(ResourceType type, string? ns, long version, IReadOnlyList<StoredObject> items)
    {
        snapshots.TryAdd((type.GroupResource, ns, version), (items, state.Time.GetUtcNow()));
        if (snapshots.Count > MaxSnapshots)
            foreach (var oldest in snapshots.OrderBy(s => s.Value.Taken).Take(snapshots.Count - MaxSnapshots).ToList()) snapshots.TryRemove(oldest.Key, out _);
    }

    /// <summary>Forgets snapshots older than their lifetime (their tokens then get 410 Expired).</summary>
    private void Prune()
    {
        var now = state.Time.GetUtcNow();
        foreach (var s in snapshots)
        {
            if (now - s.Value.Taken > SnapshotLifetime)
            {
                snapshots.TryRemove(s.Key, out _);
                if (expired.Count > 10_000) expired.Clear();
                expired[(s.Key.GroupResource, s.Key.Namespace, s.Key.Version)] = true;
            }
        }
    }

    // Versions whose snapshot expired: their tokens are 410 even while the version is still in the store's window.
    private readonly ConcurrentDictionary<(string, string?, long), bool> expired = new();
}
