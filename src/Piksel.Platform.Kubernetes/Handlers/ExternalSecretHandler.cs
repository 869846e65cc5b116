using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>External Secrets Operator <c>ExternalSecret</c>s (namespaced, <c>external-secrets.io/v1</c>).</summary>
public sealed class ExternalSecretHandler(KubernetesHandlerContext context) : CustomObjectHandler<ExternalSecret>(context)
{
    /// <inheritdoc />
    protected override string Plural => EsoManifests.ExternalSecrets;

    /// <inheritdoc />
    protected override string NamespaceOf(ExternalSecret resource) =>
        resource.Namespace ?? throw new InvalidOperationException($"ExternalSecret {resource.Name} names no namespace.");

    /// <inheritdoc />
    protected override object Manifest(ExternalSecret desired) => EsoManifests.ExternalSecretManifest(desired);

    /// <inheritdoc />
    protected override ExternalSecret FromLive(JsonObject live, ExternalSecret? desired, string cluster)
    {
        var template = desired ?? new ExternalSecret
        {
            Name = CustomObjectMeta.Name(live),
            Namespace = CustomObjectMeta.Namespace(live),
            Cluster = cluster,
            StoreName = "",
            RefreshInterval = TimeSpan.Zero,
            Keys = [],
        };
        return EsoManifests.ExternalSecretOf(live, template with
        {
            Labels = OwnedMap(live, desired?.Labels, "labels"),
            Annotations = OwnedMap(live, desired?.Annotations, "annotations"),
        }, desired?.Keys);
    }
}
