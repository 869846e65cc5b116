using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// Services of type <c>ExternalName</c> by server-side apply: the external name, the ports, labels and annotations. The
/// type is ForceNew in the spec (changing a Service's type in place would leave the old type's fields behind).
/// </summary>
public sealed class ServiceHandler(KubernetesHandlerContext context) : KubernetesHandler<KubernetesService>(context)
{
    /// <inheritdoc />
    public override async Task<Observed<KubernetesService>?> ReadAsync(KubernetesService desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return await ReadOnClusterAsync(desired.Cluster, async client =>
        {
            var live = await OrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(desired.Name, NamespaceOf(desired), cancellationToken: cancellationToken));
            return live is null || live.Metadata.DeletionTimestamp is not null ? null : Observe(ToSpec(live, desired, desired.Cluster));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(KubernetesService desired, Observed<KubernetesService>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken);
        var ns = NamespaceOf(desired);
        var body = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = desired.Name, NamespaceProperty = ns, Labels = MapOrNull(desired.Labels), Annotations = MapOrNull(desired.Annotations) },
            Spec = new V1ServiceSpec
            {
                Type = desired.Type,
                ExternalName = desired.ExternalName,
                Ports = desired.Ports.Count == 0 ? null : [.. desired.Ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, Protocol = p.Protocol })],
            },
        };
        await WriteAsync($"Applying service {desired.Key}", () => client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), desired.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken));
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<KubernetesService> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        await DeleteOnClusterAsync(state.Cluster, $"Deleting service {state.Key}", client =>
            client.CoreV1.DeleteNamespacedServiceAsync(state.Name, NamespaceOf(state), cancellationToken: cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Observed<KubernetesService>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListOnClusterAsync(environment, async (client, cluster) =>
        {
            var list = await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: ManagementTags.LabelSelector(environment), cancellationToken: cancellationToken);
            return [.. list.Items.Where(s => s.Metadata.DeletionTimestamp is null).Select(s => Observe(ToSpec(s, null, cluster)))];
        }, cancellationToken);

    private static string NamespaceOf(KubernetesService service) =>
        service.Namespace ?? throw new InvalidOperationException($"Service {service.Name} names no namespace.");

    private static KubernetesService ToSpec(V1Service live, KubernetesService? desired, string cluster)
    {
        var (labels, annotations) = OwnedMetadata(live.Metadata, desired?.Labels, desired?.Annotations);
        IReadOnlyList<KubernetesServicePort> ports = [.. (live.Spec?.Ports ?? []).Select(p => new KubernetesServicePort(p.Name ?? "", p.Port, p.Protocol ?? "TCP"))];
        var state = desired ?? new KubernetesService { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster, ExternalName = "" };
        return state with
        {
            Type = live.Spec?.Type ?? "ClusterIP",
            ExternalName = live.Spec?.ExternalName ?? "",
            Ports = ports,
            Labels = labels,
            Annotations = annotations,
        };
    }
}
