using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Karpenter's termination of one node (core <c>pkg/controllers/node/termination</c>): taint it
/// <c>karpenter.sh/disrupted:NoSchedule</c>, evict its pods (their controllers make new ones, which provisioning places),
/// terminate the instance, then let the Node and NodeClaim go by dropping the finalizer.
/// </summary>
internal sealed class NodeTermination(IControllerClient client, IKarpenterCloud cloud, EventRecorder events)
{
    /// <summary>Drains and removes <paramref name="node"/> and its claim, recording <paramref name="eventReason"/> (<c>DisruptionTerminating</c>, <c>SpotInterrupted</c>, …).</summary>
    public async Task TerminateAsync(StoredObject node, string eventReason, string message, CancellationToken cancellationToken)
    {
        // Read afresh: the pass's list may be older than the kubelet's or scheduler's last write.
        if (client.Get(BuiltInResources.Nodes, "", node.Name) is not { } current) return;
        node = current;
        if (!node.IsDeleting() && !HasDisruptedTaint(node.View))
        {
            await events.RecordAsync(node, "Normal", eventReason, message, cancellationToken);
            node = await client.UpdateAsync(node, o =>
            {
                if (o["spec"] is not JsonObject spec) o["spec"] = spec = [];
                if (spec["taints"] is not JsonArray taints) spec["taints"] = taints = [];
                taints.Add(new JsonObject { ["key"] = KarpenterKinds.DisruptedTaint, ["effect"] = "NoSchedule" });
            }, cancellationToken: cancellationToken);
        }
        foreach (var pod in client.List(BuiltInResources.Pods, null).Items.Where(p => p.View["spec"]?["nodeName"]?.GetValue<string>() == node.Name && !p.IsDeleting()))
            await client.DeleteAsync(pod, cancellationToken: cancellationToken);
        if (NodeObjects.InstanceIdOf(node.View["spec"]?["providerID"]?.GetValue<string>()) is { } instanceId)
            await cloud.TerminateAsync(instanceId, cancellationToken);
        var claimName = node.Annotations.GetValueOrDefault("karpenter.sh/nodeclaim");
        await ReleaseAsync(node, cancellationToken);
        if (claimName is not null && client.Get(KarpenterKinds.NodeClaims, "", claimName) is { } claim)
        {
            await events.RecordAsync(claim, "Normal", eventReason, message, cancellationToken);
            await ReleaseAsync(claim, cancellationToken);
        }
    }

    private static bool HasDisruptedTaint(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).Any(t => t?["key"]?.GetValue<string>() == KarpenterKinds.DisruptedTaint);

    /// <summary>Deletes an object Karpenter holds with its finalizer: drop the finalizer, then delete.</summary>
    public async Task ReleaseAsync(StoredObject obj, CancellationToken cancellationToken)
    {
        var current = client.Get(obj.Type, obj.Namespace, obj.Name);
        if (current is null) return;
        if (current.View["metadata"]?["finalizers"] is JsonArray held && held.Any(f => f?.GetValue<string>() == KarpenterKinds.TerminationFinalizer))
        {
            current = await client.UpdateAsync(current, o =>
            {
                if (o["metadata"]?["finalizers"] is JsonArray finalizers)
                {
                    foreach (var f in finalizers.Where(f => f?.GetValue<string>() == KarpenterKinds.TerminationFinalizer).ToList()) finalizers.Remove(f);
                }
            }, cancellationToken: cancellationToken);
        }
        if (!current.IsDeleting()) await client.DeleteAsync(current, cancellationToken: cancellationToken);
    }
}
