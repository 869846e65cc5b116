using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The daemon set controller on a one-node cluster: a daemon set whose nodeSelector matches <see cref="SimulatedNode"/>
/// has one pod scheduled, ready, available and up to date (no pods are created); one that does not match has none.
/// That is what <c>kubectl rollout status daemonset</c> reads.
/// </summary>
public sealed class DaemonSetController(ControllerContext context) : ReconcileLoop(context)
{
    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.DaemonSets];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(change.Object.Type, change.Object.Namespace, change.Object.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } daemonSet || daemonSet.IsDeleting()) return;
        var nodeLabels = Client.Get(BuiltInResources.Nodes, "", SimulatedNode.Name)?.Labels ?? new Dictionary<string, string>();
        await Client.UpdateStatusAsync(daemonSet, o =>
        {
            var selector = o["spec"]?["template"]?["spec"]?["nodeSelector"] as JsonObject ?? [];
            var fits = selector.All(s => nodeLabels.TryGetValue(s.Key, out var v) && v == s.Value?.GetValue<string>());
            var n = fits ? 1 : 0;
            o["status"] = new JsonObject
            {
                ["currentNumberScheduled"] = n,
                ["desiredNumberScheduled"] = n,
                ["numberAvailable"] = fits ? 1 : null,
                ["numberMisscheduled"] = 0,
                ["numberReady"] = n,
                ["observedGeneration"] = o["metadata"]?["generation"]?.GetValue<long>() ?? 1,
                ["updatedNumberScheduled"] = fits ? 1 : null,
            };
            foreach (var empty in ((JsonObject)o["status"]!).Where(p => p.Value is null).Select(p => p.Key).ToList()) ((JsonObject)o["status"]!).Remove(empty);
        }, cancellationToken);
    }
}
