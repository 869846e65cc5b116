using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>External Secrets Operator <c>ClusterSecretStore</c>s (cluster-scoped, <c>external-secrets.io/v1</c>).</summary>
public sealed class ClusterSecretStoreHandler(KubernetesHandlerContext context) : CustomObjectHandler<ClusterSecretStore>(context)
{
    /// <inheritdoc />
    protected override string Plural => EsoManifests.ClusterSecretStores;

    /// <inheritdoc />
    protected override string? NamespaceOf(ClusterSecretStore resource) => null;

    /// <inheritdoc />
    protected override object Manifest(ClusterSecretStore desired) => EsoManifests.StoreManifest(desired);

    /// <inheritdoc />
    protected override ClusterSecretStore FromLive(JsonObject live, ClusterSecretStore? desired, string cluster)
    {
        var template = desired ?? new ClusterSecretStore
        {
            Name = CustomObjectMeta.Name(live),
            Cluster = cluster,
            Region = "",
            ServiceAccountName = "",
            ServiceAccountNamespace = "",
        };
        return EsoManifests.StoreOf(live, template with
        {
            Labels = OwnedMap(live, desired?.Labels, "labels"),
            Annotations = OwnedMap(live, desired?.Annotations, "annotations"),
        });
    }
}
