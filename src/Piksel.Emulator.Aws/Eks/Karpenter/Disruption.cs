using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Disruption by emptiness (core <c>pkg/controllers/disruption</c>, the Empty method): a Karpenter node with no pods
/// but daemonset ones for its pool's <c>consolidateAfter</c> (on the cluster's clock) is terminated, one pass at a
/// time; <c>Never</c> keeps it. Underutilized consolidation (moving pods to cheaper nodes) is not simulated.
/// </summary>
internal sealed class Disruption(IControllerClient client, TimeProvider time, NodeTermination termination)
{
    private readonly Dictionary<string, DateTimeOffset> emptySince = new(StringComparer.Ordinal);

    /// <summary>One pass; returns when the next empty node is due.</summary>
    public async Task<DateTimeOffset> PassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pools = client.List(KarpenterKinds.NodePools, null).Items.ToDictionary(p => p.Name, p => PoolModel.Of(p.View), StringComparer.Ordinal);
        var pods = client.List(BuiltInResources.Pods, null).Items;
        var next = DateTimeOffset.MaxValue;
        var nodes = client.List(BuiltInResources.Nodes, null).Items.Where(n => n.Labels.ContainsKey(KarpenterKinds.NodePoolLabel) && !n.IsDeleting()).ToList();
        foreach (var gone in emptySince.Keys.Except(nodes.Select(n => n.Name)).ToList()) emptySince.Remove(gone);
        foreach (var node in nodes)
        {
            var busy = pods.Any(p => p.View["spec"]?["nodeName"]?.GetValue<string>() == node.Name && WorkloadPods.IsActive(p) && !IsDaemon(p));
            if (busy)
            {
                emptySince.Remove(node.Name);
                continue;
            }
            if (!pools.TryGetValue(node.Labels[KarpenterKinds.NodePoolLabel], out var pool) || pool.ConsolidateAfter is not { } after) continue;
            if (!emptySince.TryGetValue(node.Name, out var since)) emptySince[node.Name] = since = now;
            var due = since + after;
            if (now < due)
            {
                if (due < next) next = due;
                continue;
            }
            // Forgotten only once gone: a termination that fails half-way (a conflict) is retried on the next pass, still due.
            await termination.TerminateAsync(node, "DisruptionTerminating", "Disrupting Node: Empty", cancellationToken);
            emptySince.Remove(node.Name);
        }
        return next;
    }

    private static bool IsDaemon(StoredObject pod) =>
        (pod.View["metadata"]?["ownerReferences"] as System.Text.Json.Nodes.JsonArray ?? []).Any(o => o?["kind"]?.GetValue<string>() == "DaemonSet");
}
