using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>Karpenter <c>NodePool</c>s (cluster-scoped, <c>karpenter.sh/v1</c>).</summary>
public sealed class KarpenterNodePoolHandler(KubernetesHandlerContext context) : CustomObjectHandler<KarpenterNodePool>(context)
{
    /// <inheritdoc />
    protected override string Group => KarpenterManifests.CoreGroup;

    /// <inheritdoc />
    protected override string Version => KarpenterManifests.Version;

    /// <inheritdoc />
    protected override string InstalledBy => KarpenterManifests.InstalledBy;

    /// <inheritdoc />
    protected override string Plural => KarpenterManifests.NodePools;

    /// <inheritdoc />
    protected override string? NamespaceOf(KarpenterNodePool resource) => null;

    /// <inheritdoc />
    protected override object Manifest(KarpenterNodePool desired) => KarpenterManifests.NodePoolManifest(desired);

    /// <inheritdoc />
    protected override KarpenterNodePool FromLive(JsonObject live, KarpenterNodePool? desired, string cluster)
    {
        var template = desired ?? new KarpenterNodePool { Name = CustomObjectMeta.Name(live), Cluster = cluster, NodeClassName = "" };
        return KarpenterManifests.NodePoolOf(live, template with
        {
            Labels = OwnedMap(live, desired?.Labels, "labels"),
            Annotations = OwnedMap(live, desired?.Annotations, "annotations"),
        });
    }
}
