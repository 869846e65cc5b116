using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission.Quota;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// kube-controller-manager's resource quota controller: keeps each ResourceQuota's <c>status.hard</c> equal to
/// <c>spec.hard</c> and recounts <c>status.used</c> from the objects of its namespace, so that deleted objects and pods
/// that finished stop counting (admission only ever charges). It recounts a namespace's quotas whenever an object of
/// a namespaced kind there changes, under the <see cref="QuotaLedger"/> lock admission charges under.
/// </summary>
public sealed class ResourceQuotaController(ControllerContext context) : ReconcileLoop(context)
{
    private readonly QuotaLedger ledger = QuotaLedger.For(context.Catalog);

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() =>
        Context.Catalog.All.Where(t => t.Namespaced && !BuiltInResources.IsVirtual(t) && t != BuiltInResources.Events);

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type == BuiltInResources.ResourceQuotas)
        {
            if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(BuiltInResources.ResourceQuotas, o.Namespace, o.Name));
            return;
        }
        foreach (var quota in Client.List(BuiltInResources.ResourceQuotas, o.Namespace).Items)
            enqueue(new ObjectKey(BuiltInResources.ResourceQuotas, quota.Namespace, quota.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        await ledger.Gate.WaitAsync(cancellationToken);
        try
        {
            if (Client.Get(BuiltInResources.ResourceQuotas, key.Namespace, key.Name) is not { } quota) return;
            var hard = QuotaUsage.ToJson(QuotaUsage.List(quota.View["spec"]?["hard"]));
            var used = QuotaUsage.ToJson(QuotaLedger.Recount(quota, Context.Catalog, (t, ns) => Client.List(t, ns).Items));
            await Client.UpdateAsync(quota, q =>
            {
                var status = q["status"] as JsonObject ?? (JsonObject)(q["status"] = new JsonObject());
                if (!JsonNode.DeepEquals(status["hard"], hard)) status["hard"] = hard;
                if (!JsonNode.DeepEquals(status["used"], used)) status["used"] = used;
            }, "status", cancellationToken);
        }
        finally
        {
            ledger.Gate.Release();
        }
    }
}
