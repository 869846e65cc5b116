using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// client-go's event recorder (tools/record): writes core/v1 Events about an object, named
/// <c>&lt;object&gt;.&lt;hex nanoseconds&gt;</c>, with <c>source.component</c>, <c>reportingComponent</c>, and the first
/// and last timestamps; an event identical to one already written (same object, type, reason, message and source) bumps
/// that event's <c>count</c> and <c>lastTimestamp</c> instead of making a new one, as the recorder's aggregation does.
/// </summary>
public sealed class EventRecorder(IControllerClient client, TimeProvider time, string component)
{
    private readonly Dictionary<string, string> written = new(StringComparer.Ordinal);

    /// <summary>Records one event about <paramref name="involved"/>; <paramref name="type"/> is Normal or Warning.</summary>
    public async Task RecordAsync(StoredObject involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stamp = Meta.Timestamp(now);
        var identity = string.Join('\n', involved.Type.GroupResource, involved.Namespace, involved.Name, involved.Uid(), type, reason, message);
        var ns = involved.Namespace.Length > 0 ? involved.Namespace : "default";
        if (written.TryGetValue(identity, out var name) && client.Get(BuiltInResources.Events, ns, name) is { } previous)
        {
            await client.UpdateAsync(previous, o =>
            {
                o["count"] = (o["count"]?.GetValue<int>() ?? 1) + 1;
                o["lastTimestamp"] = stamp;
            }, cancellationToken: cancellationToken);
            return;
        }
        var nanos = (now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        name = $"{involved.Name}.{nanos.ToString("x", CultureInfo.InvariantCulture)}";
        while (client.Get(BuiltInResources.Events, ns, name) is not null) name = $"{involved.Name}.{(++nanos).ToString("x", CultureInfo.InvariantCulture)}";
        var apiVersion = involved.Type.Group.Length == 0 ? involved.Type.Version : $"{involved.Type.Group}/{involved.Type.Version}";
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = involved.Type.Kind,
                ["namespace"] = involved.Namespace.Length > 0 ? involved.Namespace : null,
                ["name"] = involved.Name,
                ["uid"] = involved.Uid(),
                ["apiVersion"] = apiVersion,
                ["resourceVersion"] = involved.VersionString(),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = stamp,
            ["lastTimestamp"] = stamp,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
        };
        if (involved.Namespace.Length == 0) ((JsonObject)ev["involvedObject"]!).Remove("namespace");
        try
        {
            await client.CreateAsync(BuiltInResources.Events, ns, ev, cancellationToken);
            written[identity] = name;
        }
        catch (StatusException)
        {
            // As the real recorder, an event that cannot be written (the namespace is terminating) is dropped, not retried.
        }
    }
}
