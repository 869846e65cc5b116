using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>An ExternalSecret's status: written after each sync (Ready, refreshTime, syncedResourceVersion, binding), and read back at start.</summary>
internal sealed class SyncStatus(IControllerClient client, TimeProvider time)
{
    /// <summary>Writes the Ready condition (and, after a sync, refreshTime, syncedResourceVersion and binding) into the status.</summary>
    public async Task WriteAsync(StoredObject read, string uid, bool ready, string reason, string message, string? target, CancellationToken cancellationToken)
    {
        // Read again: the object may have moved on since the pass listed it (a 409 then means the next pass retries).
        if (client.Get(ExternalSecretsCrds.ExternalSecrets, read.Namespace, read.Name) is not { } es || es.View["metadata"]?["uid"]?.GetValue<string>() != uid) return;
        var now = Meta.Timestamp(time.GetUtcNow());
        await client.UpdateStatusAsync(es, obj =>
        {
            var status = obj["status"] as JsonObject ?? (JsonObject)(obj["status"] = new JsonObject());
            var previous = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");
            var statusText = ready ? "True" : "False";
            var transition = previous?["status"]?.GetValue<string>() == statusText ? previous["lastTransitionTime"]?.DeepClone() : now;
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = statusText,
                ["reason"] = reason,
                ["message"] = message,
                ["lastTransitionTime"] = transition,
            });
            if (!ready) return;
            status["refreshTime"] = now;
            status["syncedResourceVersion"] = SyncedResourceVersion(obj);
            if (target is not null) status["binding"] = new JsonObject { ["name"] = target };
        }, cancellationToken);
    }

    /// <summary>
    /// Until when a sync recorded in the status holds: Ready, of this spec and metadata (syncedResourceVersion), refreshed
    /// at refreshTime; <see cref="DateTimeOffset.MinValue"/> when it does not (never synced, failed, or changed since).
    /// </summary>
    public static DateTimeOffset SyncedUntil(StoredObject es, DateTimeOffset now)
    {
        var status = es.View["status"] as JsonObject;
        var ready = (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");
        if (ready?["status"]?.GetValue<string>() != "True" || status?["syncedResourceVersion"]?.GetValue<string>() != SyncedResourceVersion(es.View)
            || !DateTimeOffset.TryParse(status?["refreshTime"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var refreshed))
        {
            return DateTimeOffset.MinValue;
        }

        var interval = ExternalSecretsOperator.DefaultRefreshInterval;
        if (es.View["spec"]?["refreshInterval"]?.GetValue<string>() is { } text && !GoDuration.TryParse(text, out interval)) return DateTimeOffset.MinValue;
        // A refreshTime ahead of the clock was written while the clock ran ahead: not a sync to count on.
        if (refreshed > now) return DateTimeOffset.MinValue;
        return interval <= TimeSpan.Zero ? DateTimeOffset.MaxValue : refreshed + interval;
    }

    /// <summary>ESO's <c>getResourceVersion</c>: the generation and a hash of the labels and annotations.</summary>
    private static string SyncedResourceVersion(JsonObject es)
    {
        var metadata = Meta.Of(es);
        var meta = new JsonObject { ["labels"] = metadata["labels"]?.DeepClone(), ["annotations"] = metadata["annotations"]?.DeepClone() };
        var generation = metadata["generation"]?.GetValue<long>() ?? 1;
        return $"{generation}-{TargetSecret.Hash(meta)}";
    }
}
