using k8s;
using k8s.Models;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>ResourceQuotas by server-side apply: the hard limits (the quota controller owns <c>status</c>).</summary>
public sealed class ResourceQuotaHandler(KubernetesHandlerContext context) : NamespacedObjectHandler<KubernetesResourceQuota, V1ResourceQuota>(context)
{
    /// <inheritdoc />
    protected override string What => "resource quota";

    /// <inheritdoc />
    protected override Task<V1ResourceQuota> ReadLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.CoreV1.ReadNamespacedResourceQuotaAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task PatchLiveAsync(IKubernetes client, V1Patch patch, string name, string ns, CancellationToken cancellationToken) =>
        client.CoreV1.PatchNamespacedResourceQuotaAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.CoreV1.DeleteNamespacedResourceQuotaAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override async Task<IEnumerable<V1ResourceQuota>> ListLiveAsync(IKubernetes client, string labelSelector, CancellationToken cancellationToken) =>
        (await client.CoreV1.ListResourceQuotaForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: cancellationToken)).Items;

    /// <inheritdoc />
    protected override V1ResourceQuota ToBody(KubernetesResourceQuota desired) => new()
    {
        ApiVersion = "v1",
        Kind = "ResourceQuota",
        Spec = new V1ResourceQuotaSpec { Hard = LimitRangeHandler.Quantities(desired.Hard) },
    };

    /// <inheritdoc />
    protected override KubernetesResourceQuota ToSpec(V1ResourceQuota live, KubernetesResourceQuota? desired, string cluster)
    {
        var state = desired ?? new KubernetesResourceQuota { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster };
        return state with { Hard = LimitRangeHandler.Strings(live.Spec?.Hard) };
    }
}
