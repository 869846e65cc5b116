using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>Namespaces: their labels (Pod Security Standard, management labels) and annotations.</summary>
public sealed class NamespaceHandler(KubernetesHandlerContext context) : KubernetesHandler<KubernetesNamespace>(context)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public override async Task<Observed<KubernetesNamespace>?> ReadAsync(KubernetesNamespace desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return await ReadOnClusterAsync(desired.Cluster, async client =>
        {
            var live = await OrNullAsync(() => client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: cancellationToken));

            // A terminating namespace is on its way out: absent for planning, and Apply waits for it to go.
            return live is null || live.Metadata.DeletionTimestamp is not null ? null : Observe(ToSpec(live, desired, desired.Cluster));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(KubernetesNamespace desired, Observed<KubernetesNamespace>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken);

        // Applying to a terminating namespace would succeed and then vanish with it: wait (retry) until it is gone.
        var live = await OrNullAsync(() => client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: cancellationToken));
        if (live?.Metadata.DeletionTimestamp is not null)
        {
            throw new RetryableResourceException($"Namespace {desired.Name} is still terminating.");
        }

        var body = new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = desired.Name, Labels = MapOrNull(desired.Labels), Annotations = MapOrNull(desired.Annotations) },
        };
        await WriteAsync($"Applying namespace {desired.Name}", () => client.CoreV1.PatchNamespaceAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), desired.Name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken));
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<KubernetesNamespace> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var name = actual.State.Name;

        // A namespace is gone only when its contents are: wait for that, so whatever depends on its absence
        // (a re-create, the cluster's deletion) does not race the namespace controller.
        await DeleteOnClusterAsync(
            actual.State.Cluster,
            $"Deleting namespace {name}",
            client => client.CoreV1.DeleteNamespaceAsync(name, cancellationToken: cancellationToken),
            cancellationToken,
            gone: async client =>
            {
                while (await OrNullAsync(() => client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken)) is not null)
                {
                    await Task.Delay(PollInterval, cancellationToken);
                }
            });
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Observed<KubernetesNamespace>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListOnClusterAsync(environment, async (client, cluster) =>
        {
            var list = await client.CoreV1.ListNamespaceAsync(labelSelector: ManagementTags.LabelSelector(environment), cancellationToken: cancellationToken);
            return [.. list.Items.Where(n => n.Metadata.DeletionTimestamp is null).Select(n => Observe(ToSpec(n, null, cluster)))];
        }, cancellationToken);

    private static KubernetesNamespace ToSpec(V1Namespace live, KubernetesNamespace? desired, string cluster)
    {
        var (labels, annotations) = OwnedMetadata(live.Metadata, desired?.Labels, desired?.Annotations);
        return desired is null
            ? new KubernetesNamespace { Name = live.Metadata.Name, Cluster = cluster, Labels = labels, Annotations = annotations }
            : desired with { Labels = labels, Annotations = annotations };
    }
}
