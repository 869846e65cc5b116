using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// StorageClasses (storage.k8s.io/v1) by server-side apply: provisioner, parameters, reclaim policy, binding mode,
/// volume expansion, labels and annotations (the default-class annotation among them). Kubernetes refuses changes to
/// all but the metadata and <c>allowVolumeExpansion</c>; the spec marks the rest ForceNew, so the engine replaces.
/// </summary>
public sealed class StorageClassHandler(KubernetesHandlerContext context) : KubernetesHandler<KubernetesStorageClass>(context)
{
    /// <inheritdoc />
    public override async Task<Observed<KubernetesStorageClass>?> ReadAsync(KubernetesStorageClass desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return await ReadOnClusterAsync(desired.Cluster, async client =>
        {
            var live = await OrNullAsync(() => client.StorageV1.ReadStorageClassAsync(desired.Name, cancellationToken: cancellationToken));
            return live is null || live.Metadata.DeletionTimestamp is not null ? null : Observe(ToSpec(live, desired, desired.Cluster));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(KubernetesStorageClass desired, Observed<KubernetesStorageClass>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken);
        var body = new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = new V1ObjectMeta { Name = desired.Name, Labels = MapOrNull(desired.Labels), Annotations = MapOrNull(desired.Annotations) },
            Provisioner = desired.Provisioner,
            Parameters = MapOrNull(desired.Parameters),
            ReclaimPolicy = desired.ReclaimPolicy,
            VolumeBindingMode = desired.VolumeBindingMode,
            AllowVolumeExpansion = desired.AllowVolumeExpansion,
        };
        await WriteAsync($"Applying storage class {desired.Name}", () => client.StorageV1.PatchStorageClassAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), desired.Name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken));
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<KubernetesStorageClass> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        await DeleteOnClusterAsync(actual.State.Cluster, $"Deleting storage class {actual.State.Name}", client =>
            client.StorageV1.DeleteStorageClassAsync(actual.State.Name, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Observed<KubernetesStorageClass>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListOnClusterAsync(environment, async (client, cluster) =>
        {
            var list = await client.StorageV1.ListStorageClassAsync(labelSelector: ManagementTags.LabelSelector(environment), cancellationToken: cancellationToken);
            return [.. list.Items.Where(c => c.Metadata.DeletionTimestamp is null).Select(c => Observe(ToSpec(c, null, cluster)))];
        }, cancellationToken);

    private static KubernetesStorageClass ToSpec(V1StorageClass live, KubernetesStorageClass? desired, string cluster)
    {
        var (labels, annotations) = OwnedMetadata(live.Metadata, desired?.Labels, desired?.Annotations);
        var parameters = new Dictionary<string, string>(live.Parameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var state = desired ?? new KubernetesStorageClass { Name = live.Metadata.Name, Cluster = cluster, Provisioner = live.Provisioner };
        return state with
        {
            Provisioner = live.Provisioner,
            Parameters = parameters,
            ReclaimPolicy = live.ReclaimPolicy ?? "Delete",
            VolumeBindingMode = live.VolumeBindingMode ?? "Immediate",
            AllowVolumeExpansion = live.AllowVolumeExpansion ?? false,
            Labels = labels,
            Annotations = annotations,
        };
    }
}
