using k8s;
using k8s.Models;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>LimitRanges by server-side apply: one <c>Container</c> item with default limits, default requests and a max.</summary>
public sealed class LimitRangeHandler(KubernetesHandlerContext context) : NamespacedObjectHandler<KubernetesLimitRange, V1LimitRange>(context)
{
    private const string ContainerType = "Container";

    /// <inheritdoc />
    protected override string What => "limit range";

    /// <inheritdoc />
    protected override Task<V1LimitRange> ReadLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.CoreV1.ReadNamespacedLimitRangeAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task PatchLiveAsync(IKubernetes client, V1Patch patch, string name, string ns, CancellationToken cancellationToken) =>
        client.CoreV1.PatchNamespacedLimitRangeAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.CoreV1.DeleteNamespacedLimitRangeAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override async Task<IEnumerable<V1LimitRange>> ListLiveAsync(IKubernetes client, string labelSelector, CancellationToken cancellationToken) =>
        (await client.CoreV1.ListLimitRangeForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: cancellationToken)).Items;

    /// <inheritdoc />
    protected override V1LimitRange ToBody(KubernetesLimitRange desired) => new()
    {
        ApiVersion = "v1",
        Kind = "LimitRange",
        Spec = new V1LimitRangeSpec
        {
            Limits =
            [
                new V1LimitRangeItem
                {
                    Type = ContainerType,
                    DefaultProperty = Quantities(desired.DefaultLimits),
                    DefaultRequest = Quantities(desired.DefaultRequests),
                    Max = Quantities(desired.Max),
                },
            ],
        },
    };

    /// <inheritdoc />
    protected override KubernetesLimitRange ToSpec(V1LimitRange live, KubernetesLimitRange? desired, string cluster)
    {
        var item = live.Spec?.Limits?.FirstOrDefault(l => l.Type == ContainerType);
        var state = desired ?? new KubernetesLimitRange { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster };
        return state with
        {
            DefaultLimits = Strings(item?.DefaultProperty),
            DefaultRequests = Strings(item?.DefaultRequest),
            Max = Strings(item?.Max),
        };
    }

    /// <summary>Quantities as the API takes them; null when none.</summary>
    internal static Dictionary<string, ResourceQuantity>? Quantities(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? null : map.ToDictionary(e => e.Key, e => new ResourceQuantity(e.Value), StringComparer.Ordinal);

    /// <summary>Quantities as the spec holds them, sorted by resource.</summary>
    internal static IReadOnlyDictionary<string, string> Strings(IDictionary<string, ResourceQuantity>? map) =>
        Sorted(map?.ToDictionary(e => e.Key, e => e.Value.ToString(), StringComparer.Ordinal));
}
