using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>Service accounts: labels and annotations, among them IRSA's <c>eks.amazonaws.com/role-arn</c>.</summary>
public sealed class ServiceAccountHandler(KubernetesHandlerContext context) : KubernetesHandler<KubernetesServiceAccount>(context)
{
    /// <inheritdoc />
    public override async Task<Observed<KubernetesServiceAccount>?> ReadAsync(KubernetesServiceAccount desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return await ReadOnClusterAsync(desired.Cluster, async client =>
        {
            var live = await OrNullAsync(() => client.CoreV1.ReadNamespacedServiceAccountAsync(desired.Name, NamespaceOf(desired), cancellationToken: cancellationToken));
            return live is null ? null : Observe(ToSpec(live, desired, desired.Cluster));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(KubernetesServiceAccount desired, Observed<KubernetesServiceAccount>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken);
        var ns = NamespaceOf(desired);
        var body = new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { Name = desired.Name, NamespaceProperty = ns, Labels = MapOrNull(desired.Labels), Annotations = MapOrNull(desired.Annotations) },
        };
        await WriteAsync($"Applying service account {desired.Key}", () => client.CoreV1.PatchNamespacedServiceAccountAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), desired.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken));
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<KubernetesServiceAccount> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        await DeleteOnClusterAsync(state.Cluster, $"Deleting service account {state.Key}", client =>
            client.CoreV1.DeleteNamespacedServiceAccountAsync(state.Name, NamespaceOf(state), cancellationToken: cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Observed<KubernetesServiceAccount>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListOnClusterAsync(environment, async (client, cluster) =>
        {
            var list = await client.CoreV1.ListServiceAccountForAllNamespacesAsync(labelSelector: ManagementTags.LabelSelector(environment), cancellationToken: cancellationToken);
            return [.. list.Items.Select(sa => Observe(ToSpec(sa, null, cluster)))];
        }, cancellationToken);

    private static string NamespaceOf(KubernetesServiceAccount account) =>
        account.Namespace ?? throw new InvalidOperationException($"Service account {account.Name} names no namespace.");

    private static KubernetesServiceAccount ToSpec(V1ServiceAccount live, KubernetesServiceAccount? desired, string cluster)
    {
        var (labels, annotations) = OwnedMetadata(live.Metadata, desired?.Labels, desired?.Annotations);
        return desired is null
            ? new KubernetesServiceAccount { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster, Labels = labels, Annotations = annotations }
            : desired with { Labels = labels, Annotations = annotations };
    }
}
