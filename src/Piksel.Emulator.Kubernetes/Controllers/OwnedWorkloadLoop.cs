using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// A controller of one workload kind that owns objects of another (a Deployment its ReplicaSets, a Job its pods): it
/// reconciles a workload when the workload changes, and when an object it controls (ownerReferences controller=true)
/// changes — the informer wiring every such controller of kube-controller-manager shares.
/// </summary>
public abstract class OwnedWorkloadLoop(ControllerContext context, ResourceType workload, ResourceType owned) : ReconcileLoop(context)
{
    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [workload, owned];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type.GroupResource == workload.GroupResource)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(workload, o.Namespace, o.Name));
            return;
        }
        if (WorkloadPods.ControllerUid(o.View) is not { } owner) return;
        foreach (var w in Client.List(workload, o.Namespace).Items.Where(w => w.Uid() == owner))
            enqueue(new ObjectKey(workload, w.Namespace, w.Name));
    }
}
