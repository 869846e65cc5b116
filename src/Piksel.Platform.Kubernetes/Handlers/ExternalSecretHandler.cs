using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>External Secrets Operator <c>ExternalSecret</c>s (namespaced, <c>external-secrets.io/v1</c>).</summary>
public sealed class ExternalSecretHandler(KubernetesHandlerContext context) : KubernetesHandler<ExternalSecret>(context)
{
    /// <inheritdoc />
    public override async Task<Observed<ExternalSecret>?> ReadAsync(ExternalSecret desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await ClientAsync(desired.Cluster, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return null;
        }

        var live = await OrNullAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(
            EsoManifests.Group, EsoManifests.Version, NamespaceOf(desired), EsoManifests.ExternalSecrets, desired.Name, cancellationToken)).ConfigureAwait(false);
        return live is null || CustomObjectMeta.IsDeleting(live) ? null : Observe(ToSpec(live, desired, desired));
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(ExternalSecret desired, Observed<ExternalSecret>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken).ConfigureAwait(false);
        var manifest = EsoManifests.ExternalSecretManifest(desired);
        await WriteAsync($"Applying ExternalSecret {desired.Key}", () => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(manifest, V1Patch.PatchType.ApplyPatch), EsoManifests.Group, EsoManifests.Version, NamespaceOf(desired), EsoManifests.ExternalSecrets, desired.Name,
            fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<ExternalSecret> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        var client = await ClientAsync(state.Cluster, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return;
        }

        await DeleteIgnoringAbsentAsync($"Deleting ExternalSecret {state.Key}", () => client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            EsoManifests.Group, EsoManifests.Version, NamespaceOf(state), EsoManifests.ExternalSecrets, state.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Observed<ExternalSecret>>> ListManagedAsync(string environment, CancellationToken cancellationToken)
    {
        var cluster = Context.ClusterOfEnvironment(environment);
        var client = await ClientAsync(cluster, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return [];
        }

        // The cluster-wide list of a namespaced resource spans every namespace.
        var list = await OrNullAsync(() => client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(
            EsoManifests.Group, EsoManifests.Version, EsoManifests.ExternalSecrets, labelSelector: SelectorOf(environment), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return list is null ? [] : [.. CustomObjectMeta.Items(list).Where(o => !CustomObjectMeta.IsDeleting(o)).Select(o => Observe(ToSpec(o, null, Template(o, cluster))))];
    }

    private static string NamespaceOf(ExternalSecret secret) =>
        secret.Namespace ?? throw new InvalidOperationException($"ExternalSecret {secret.Name} names no namespace.");

    private static ExternalSecret Template(JsonObject live, string cluster) => new()
    {
        Name = CustomObjectMeta.Name(live), Namespace = CustomObjectMeta.Namespace(live), Cluster = cluster,
        StoreName = "", RefreshInterval = TimeSpan.Zero, Keys = [],
    };

    private static ExternalSecret ToSpec(JsonObject live, ExternalSecret? desired, ExternalSecret template)
    {
        var meta = CustomObjectMeta.Of(live);
        return EsoManifests.ExternalSecretOf(live, template with
        {
            Labels = Owned(CustomObjectMeta.Map(live, "labels"), desired?.Labels, meta, "labels"),
            Annotations = Owned(CustomObjectMeta.Map(live, "annotations"), desired?.Annotations, meta, "annotations"),
        }, desired?.Keys);
    }
}
