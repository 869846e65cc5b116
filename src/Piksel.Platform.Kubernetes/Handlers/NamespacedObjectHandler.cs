using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// What the handlers of plain namespaced objects share (NetworkPolicies, LimitRanges, ResourceQuotas, Roles,
/// RoleBindings): read by name (404 or terminating is absence), server-side apply of the whole desired body, delete,
/// and list by the management labels. A kind supplies its four API calls and its two conversions.
/// </summary>
/// <typeparam name="TResource">The spec kind.</typeparam>
/// <typeparam name="TLive">The KubernetesClient model.</typeparam>
public abstract class NamespacedObjectHandler<TResource, TLive>(KubernetesHandlerContext context) : KubernetesHandler<TResource>(context)
    where TResource : KubernetesResource
    where TLive : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The kind in messages (<c>network policy</c>).</summary>
    protected abstract string What { get; }

    /// <summary>Reads the object (throws on 404).</summary>
    protected abstract Task<TLive> ReadLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="patch"/> server-side as <see cref="KubernetesHandler{TResource}.FieldManager"/>, forcing conflicts.</summary>
    protected abstract Task PatchLiveAsync(IKubernetes client, V1Patch patch, string name, string ns, CancellationToken cancellationToken);

    /// <summary>Deletes the object.</summary>
    protected abstract Task DeleteLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken);

    /// <summary>The objects in every namespace matching <paramref name="labelSelector"/>.</summary>
    protected abstract Task<IEnumerable<TLive>> ListLiveAsync(IKubernetes client, string labelSelector, CancellationToken cancellationToken);

    /// <summary>The body to apply: everything the spec holds, apiVersion and kind included (metadata is set by the base).</summary>
    protected abstract TLive ToBody(TResource desired);

    /// <summary>The live object in the spec's terms (labels and annotations are set by the base).</summary>
    protected abstract TResource ToSpec(TLive live, TResource? desired, string cluster);

    /// <inheritdoc />
    public override async Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return await ReadOnClusterAsync(desired.Cluster, async client =>
        {
            var live = await OrNullAsync(() => ReadLiveAsync(client, desired.Name, NamespaceOf(desired), cancellationToken));
            return live is null || live.Metadata.DeletionTimestamp is not null ? null : Observe(Convert(live, desired, desired.Cluster));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken);
        var ns = NamespaceOf(desired);
        var body = ToBody(desired);
        body.Metadata = new V1ObjectMeta { Name = desired.Name, NamespaceProperty = ns, Labels = MapOrNull(desired.Labels), Annotations = MapOrNull(desired.Annotations) };
        await WriteAsync($"Applying {What} {desired.Key}", () =>
            PatchLiveAsync(client, new V1Patch(body, V1Patch.PatchType.ApplyPatch), desired.Name, ns, cancellationToken));
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        await DeleteOnClusterAsync(state.Cluster, $"Deleting {What} {state.Key}", client =>
            DeleteLiveAsync(client, state.Name, NamespaceOf(state), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListOnClusterAsync(environment, async (client, cluster) =>
        {
            var items = await ListLiveAsync(client, ManagementTags.LabelSelector(environment), cancellationToken);
            return [.. items.Where(o => o.Metadata.DeletionTimestamp is null).Select(o => Observe(Convert(o, null, cluster)))];
        }, cancellationToken);

    /// <summary>A map sorted by key (the API server returns maps sorted; the spec compares them as written), or empty.</summary>
    protected static IReadOnlyDictionary<string, string> Sorted(IDictionary<string, string>? map) =>
        map is null ? new Dictionary<string, string>() : new SortedDictionary<string, string>(map, StringComparer.Ordinal);

    private TResource Convert(TLive live, TResource? desired, string cluster)
    {
        var (labels, annotations) = OwnedMetadata(live.Metadata, desired?.Labels, desired?.Annotations);
        return ToSpec(live, desired, cluster) with { Labels = labels, Annotations = annotations };
    }

    private string NamespaceOf(TResource resource) =>
        resource.Namespace ?? throw new InvalidOperationException($"The {What} {resource.Name} names no namespace.");
}
