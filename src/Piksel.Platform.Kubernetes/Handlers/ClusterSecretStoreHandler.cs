using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>External Secrets Operator <c>ClusterSecretStore</c>s (cluster-scoped, <c>external-secrets.io/v1</c>).</summary>
public sealed class ClusterSecretStoreHandler(KubernetesHandlerContext context) : KubernetesHandler<ClusterSecretStore>(context)
{
    /// <inheritdoc />
    public override async Task<Observed<ClusterSecretStore>?> ReadAsync(ClusterSecretStore desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await ClientAsync(desired.Cluster, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return null;
        }

        var live = await OrNullAsync(() => client.CustomObjects.GetClusterCustomObjectAsync<JsonObject>(
            EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, desired.Name, cancellationToken)).ConfigureAwait(false);
        return live is null || CustomObjectMeta.IsDeleting(live) ? null : Observe(ToSpec(live, desired, desired));
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(ClusterSecretStore desired, Observed<ClusterSecretStore>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken).ConfigureAwait(false);
        var manifest = EsoManifests.StoreManifest(desired);
        await WriteAsync($"Applying ClusterSecretStore {desired.Name}", () => client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(manifest, V1Patch.PatchType.ApplyPatch), EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, desired.Name,
            fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Outputs;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<ClusterSecretStore> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        var client = await ClientAsync(state.Cluster, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return;
        }

        await DeleteIgnoringAbsentAsync($"Deleting ClusterSecretStore {state.Name}", () => client.CustomObjects.DeleteClusterCustomObjectAsync(
            EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, state.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Observed<ClusterSecretStore>>> ListManagedAsync(string environment, CancellationToken cancellationToken)
    {
        var cluster = Context.ClusterOfEnvironment(environment);
        var client = await ClientAsync(cluster, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return [];
        }

        var list = await OrNullAsync(() => client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(
            EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, labelSelector: SelectorOf(environment), cancellationToken: cancellationToken)).ConfigureAwait(false);

        // No such resource (ESO not installed) means nothing of the platform's is there.
        return list is null ? [] : [.. CustomObjectMeta.Items(list).Where(o => !CustomObjectMeta.IsDeleting(o)).Select(o => Observe(ToSpec(o, null, Template(o, cluster))))];
    }

    private static ClusterSecretStore Template(JsonObject live, string cluster) => new()
    {
        Name = CustomObjectMeta.Name(live), Cluster = cluster, Region = "", ServiceAccountName = "", ServiceAccountNamespace = "",
    };

    private static ClusterSecretStore ToSpec(JsonObject live, ClusterSecretStore? desired, ClusterSecretStore template)
    {
        var meta = CustomObjectMeta.Of(live);
        return EsoManifests.StoreOf(live, template with
        {
            Labels = Owned(CustomObjectMeta.Map(live, "labels"), desired?.Labels, meta, "labels"),
            Annotations = Owned(CustomObjectMeta.Map(live, "annotations"), desired?.Annotations, meta, "annotations"),
        });
    }
}
