using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Platform.Providers;

namespace Piksel.Benchmarks.Karpenter;

/// <summary>What one round measured: the same pods Running on nodes Karpenter launched for them, then on those nodes kept.</summary>
/// <param name="OnNewNodes">Pods created → all Running on nodes launched for them.</param>
/// <param name="OnExistingNodes">The same pods created again → all Running on the nodes already there.</param>
/// <param name="NodesLaunched">How many nodes Karpenter launched for the pods.</param>
/// <param name="NodesAfterBaseline">How many Karpenter nodes there were once the baseline's pods ran (the same, or it launched more).</param>
/// <param name="ClockMoves">How often the clock moved past the batch window before Karpenter made its claims (1 when its batch already held every pod).</param>
internal sealed record ProvisioningTimes(TimeSpan OnNewNodes, TimeSpan OnExistingNodes, int NodesLaunched, int NodesAfterBaseline, int ClockMoves);

/// <summary>
/// One round of the Karpenter benchmark in a namespace of its own, on a cluster whose <c>default</c> pool has no node:
/// <c>count</c> pods of 1 CPU selecting the pool by its label created and timed until all are Running on nodes Karpenter launched for them;
/// deleted; created again and timed until all are Running on the nodes that stayed (the baseline: the scheduler alone);
/// deleted, and the clock moved past the pool's <c>consolidateAfter</c> until Karpenter's nodes are gone.
/// </summary>
/// <remarks>
/// Karpenter closes a batch of pending pods after 1 s without a new one (BATCH_IDLE_DURATION, on the cluster's clock).
/// Waiting for it would make the new-node figure that constant; instead, once every pod is unschedulable and no
/// NodeClaim exists yet, the clock moves past the idle window and one of the pods is annotated, which wakes Karpenter
/// (its loop also wakes each real second, but a watch event is what a batch's last pod would be). So measured is the
/// work: the scheduler's failed attempt, Karpenter's plan, the NodeClaim, the launch template and instant CreateFleet
/// on the EC2 emulator under Karpenter's IRSA role, the Node's registration, the binding and the kubelet's Running;
/// not measured is the batch window, nor anything a real instance's boot would take.
/// </remarks>
internal sealed class ProvisioningRound(IKubernetes kube, IClockControl clock, string ns)
{
    /// <summary>The pool the pods land in.</summary>
    public const string Pool = "default";

    /// <summary>How often, at most, the clock moves while Karpenter has not made its claims (its pass may not have batched every pod yet).</summary>
    private static readonly TimeSpan MoveEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>Past Karpenter's 1 s batch idle window.</summary>
    private static readonly TimeSpan PastBatchIdle = TimeSpan.FromSeconds(1.1);

    /// <summary>Past the platform pools' 1 min consolidateAfter.</summary>
    private static readonly TimeSpan PastConsolidateAfter = TimeSpan.FromSeconds(61);

    /// <summary>A bound on every wait, so a broken setup fails rather than hangs; never part of a figure.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>Runs the round for <paramref name="count"/> pods; the clock is put back when it ends.</summary>
    public async Task<ProvisioningTimes> RunAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var shifts = new List<IDisposable>();
        try
        {
            if ((await NodesAsync(cancellationToken)).Count is var left and > 0)
                throw new InvalidOperationException($"{left} nodes of pool {Pool} are left from before: a round starts from none.");

            var onNew = await TimeRunningAsync(count, shifts, cancellationToken);
            var clockMoves = shifts.Count;
            var launched = await NodesAsync(cancellationToken);
            if (launched.Count == 0) throw new InvalidOperationException("the pods ran, but Karpenter launched no node: the round measured nothing.");
            await ExpectOnAsync(launched, cancellationToken);
            await DeletePodsAsync(cancellationToken);

            // The nodes stay: the clock has moved a few seconds, not consolidateAfter.
            var onExisting = await TimeRunningAsync(count, null, cancellationToken);
            var after = await NodesAsync(cancellationToken);
            await ExpectOnAsync(launched, cancellationToken);
            await DeletePodsAsync(cancellationToken);
            await ConsolidateAsync(shifts, cancellationToken);
            return new ProvisioningTimes(onNew, onExisting, launched.Count, after.Count, clockMoves);
        }
        finally
        {
            foreach (var shift in shifts) shift.Dispose();
        }
    }

    /// <summary>
    /// Creates the pods and waits until all are Running. With <paramref name="shifts"/>, moves the clock past the batch
    /// window while Karpenter has made no claim (see the remarks); without, never touches the clock.
    /// </summary>
    private async Task<TimeSpan> TimeRunningAsync(int count, List<IDisposable>? shifts, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => kube.CoreV1.CreateNamespacedPodAsync(Pod(i), ns, cancellationToken: cancellationToken)));
        TimeSpan? lastPoke = null;
        var pokes = 0;
        while (true)
        {
            var pods = (await kube.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken)).Items;
            if (pods.Count == count && pods.All(p => p.Status?.Phase == "Running")) return watch.Elapsed;
            if (watch.Elapsed > Deadline)
            {
                throw new TimeoutException($"{pods.Count(p => p.Status?.Phase == "Running")} of {count} pods Running after {Deadline.TotalSeconds} s: "
                    + string.Join(", ", pods.Where(p => p.Status?.Phase != "Running").Take(5).Select(p => $"{p.Metadata.Name}={p.Status?.Phase}")));
            }

            if (shifts is not null && (lastPoke is null || watch.Elapsed - lastPoke > MoveEvery)
                && pods.Count == count && pods.All(Unschedulable) && await ClaimCountAsync(cancellationToken) == 0)
            {
                shifts.Add(clock.Shift(PastBatchIdle));
                var tick = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["bench.piksel.dev/tick"] = (++pokes).ToString(System.Globalization.CultureInfo.InvariantCulture) } } };
                await kube.CoreV1.PatchNamespacedPodAsync(new V1Patch(tick.ToJsonString(), V1Patch.PatchType.MergePatch), pods[0].Metadata.Name, ns, cancellationToken: cancellationToken);
                lastPoke = watch.Elapsed;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    /// <summary>Every pod of the namespace runs on one of <paramref name="nodes"/>.</summary>
    private async Task ExpectOnAsync(IList<V1Node> nodes, CancellationToken cancellationToken)
    {
        var names = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var stray = (await kube.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken)).Items.Where(p => !names.Contains(p.Spec.NodeName ?? "")).ToList();
        if (stray.Count > 0)
            throw new InvalidOperationException($"{stray.Count} pods ran elsewhere than on pool {Pool}'s nodes, e.g. {stray[0].Metadata.Name} on '{stray[0].Spec.NodeName}'.");
    }

    private async Task DeletePodsAsync(CancellationToken cancellationToken)
    {
        await kube.CoreV1.DeleteCollectionNamespacedPodAsync(ns, gracePeriodSeconds: 0, cancellationToken: cancellationToken);
        await UntilAsync(async () => (await kube.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken)).Items.Count is var n and > 0 ? $"{n} pods left in {ns}" : null, cancellationToken);
    }

    /// <summary>
    /// Moves the clock past consolidateAfter until the pool has no node. A node Karpenter first saw empty after a move is
    /// due only consolidateAfter later, so the clock moves again while nodes remain (every 3 s, as Karpenter passes each second).
    /// </summary>
    private async Task ConsolidateAsync(List<IDisposable> shifts, CancellationToken cancellationToken)
    {
        shifts.Add(clock.Shift(PastConsolidateAfter));
        var lastShift = Stopwatch.StartNew();
        await UntilAsync(async () =>
        {
            if ((await NodesAsync(cancellationToken)).Count is var n and > 0)
            {
                if (lastShift.Elapsed > TimeSpan.FromSeconds(3))
                {
                    shifts.Add(clock.Shift(PastConsolidateAfter));
                    lastShift.Restart();
                }
                return $"{n} nodes of pool {Pool} left";
            }
            return await ClaimCountAsync(cancellationToken) is var c and > 0 ? $"{c} NodeClaims of pool {Pool} left" : null;
        }, cancellationToken);
    }

    /// <summary>Karpenter's nodes of the pool.</summary>
    public async Task<IList<V1Node>> NodesAsync(CancellationToken cancellationToken) =>
        (await kube.CoreV1.ListNodeAsync(labelSelector: $"karpenter.sh/nodepool={Pool}", cancellationToken: cancellationToken)).Items;

    private async Task<int> ClaimCountAsync(CancellationToken cancellationToken) =>
        (await kube.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("karpenter.sh", "v1", "nodeclaims", labelSelector: $"karpenter.sh/nodepool={Pool}", cancellationToken: cancellationToken))["items"]!.AsArray().Count;

    /// <summary>PodScheduled=False/Unschedulable: what Karpenter batches.</summary>
    private static bool Unschedulable(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable") == true;

    private static async Task UntilAsync(Func<Task<string?>> probe, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (await probe() is { } wrong)
        {
            if (watch.Elapsed > Deadline) throw new TimeoutException($"after {Deadline.TotalSeconds} s: {wrong}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static V1Pod Pod(int index) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"bench-{index}", Labels = new Dictionary<string, string> { ["app"] = "karpenter-bench" } },
        Spec = new V1PodSpec
        {
            // The pool's label: the cluster's own m5.large node (the managed node group's) would take a 1-CPU pod otherwise.
            NodeSelector = new Dictionary<string, string> { ["karpenter.sh/nodepool"] = Pool },
            Containers = [new V1Container
            {
                Name = "main", Image = "busybox",
                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("256Mi") } },
            }],
        },
    };
}
