using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Karpenter, simulated beside one cluster as one of its controllers. It writes as its service account
/// (<c>karpenter/karpenter</c>), through authorization and admission, and acts on AWS through <see cref="IKarpenterCloud"/>:
/// node classes resolved and Ready, NodePools Ready with their usage, pending pods batched onto new NodeClaims whose
/// instances register as Nodes, empty nodes removed after <c>consolidateAfter</c>, interrupted nodes drained and
/// replaced. Time is the cluster's clock, so moving it moves batches and consolidation.
/// </summary>
public sealed class KarpenterController(ControllerContext context, IKarpenterCloud cloud) : IController
{
    /// <summary>A pass runs at least this often, so a shifted clock is noticed without a watch event.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private static readonly ResourceType[] WakingTypes =
        [BuiltInResources.Pods, BuiltInResources.Nodes, KarpenterKinds.NodePools, KarpenterKinds.NodeClaims, KarpenterKinds.NodeClasses];

    /// <summary>Who Karpenter writes as: its service account in its own namespace, as the Helm chart installs it.</summary>
    public static UserInfo Identity { get; } = UserInfo.ServiceAccount("karpenter", "karpenter");

    /// <summary>
    /// Registers Karpenter on a cluster's builder with its RBAC, acting on AWS through the cloud
    /// <paramref name="cloud"/> makes for the running cluster. Karpenter's CRDs are the EKS cluster's (<c>Eks/Crds</c>).
    /// </summary>
    public static KubeApiServerBuilder AddTo(KubeApiServerBuilder builder, Func<ControllerContext, IKarpenterCloud> cloud)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cloud);
        return Kubernetes.Auth.Rbac.RbacFeature.AddDefaultRbac(builder, KarpenterRbac.Objects)
            .AddController(Identity, c => new KarpenterController(c, cloud(c)));
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var client = context.Client;
        var events = new EventRecorder(client, context.Time, "karpenter");
        var termination = new NodeTermination(client, cloud, events);
        var status = new NodeClassStatus(client, cloud, context.Time);
        var provisioner = new Provisioner(context, cloud, events);
        var disruption = new Disruption(client, context.Time, termination);
        var interruption = new Interruption(client, cloud, termination);
        var interruptions = InterruptionLoopAsync(interruption, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var watchers = new List<ObjectStore.Watcher>();
                using var unwatch = new Unwatch(watchers);
                foreach (var type in WakingTypes)
                    watchers.Add(client.Watch(type, null, client.List(type, null).ResourceVersion));
                while (watchers.All(w => !w.Events.Completion.IsCompleted))
                {
                    foreach (var w in watchers) while (w.Events.TryRead(out _)) { }
                    var classes = await status.UpdateClassesAsync(stoppingToken);
                    var pools = await status.UpdatePoolsAsync(classes.Keys.ToHashSet(StringComparer.Ordinal), stoppingToken);
                    var provisionDue = await provisioner.PassAsync(pools, classes, stoppingToken);
                    var disruptionDue = await disruption.PassAsync(stoppingToken);
                    var due = provisionDue < disruptionDue ? provisionDue : disruptionDue;
                    var wait = due - context.Time.GetUtcNow();
                    wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    Task[] waits = [.. watchers.Select(w => w.Events.WaitToReadAsync(wake.Token).AsTask()), Task.Delay(wait, context.Time, wake.Token)];
                    await Task.WhenAny(waits);
                    await wake.CancelAsync();
                    stoppingToken.ThrowIfCancellationRequested();
                    foreach (var t in waits) _ = t.Exception;
                }
            }
            catch (Exception e) when (IsStopping(e, stoppingToken))
            {
                break;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A watch too old to resume, a write that lost a race (409), an AWS call refused: list again after a moment.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
        await interruptions;
        // The cloud was made for this run (its HTTP client and sessions); it ends with it.
        (cloud as IDisposable)?.Dispose();
    }

    /// <summary>Reads the interruption queue beside the main loop (the real queue long-polls), pausing a second when it is empty.</summary>
    private async Task InterruptionLoopAsync(Interruption interruption, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await interruption.PassAsync(stoppingToken) == 0) await Task.Delay(MaxWait, context.Time, stoppingToken);
            }
            catch (Exception e) when (IsStopping(e, stoppingToken))
            {
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }
    }

    private static bool IsStopping(Exception e, CancellationToken stoppingToken) =>
        stoppingToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException;

    /// <summary>Disposes the loop's watchers however it ends.</summary>
    private sealed class Unwatch(List<ObjectStore.Watcher> watchers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }
}
