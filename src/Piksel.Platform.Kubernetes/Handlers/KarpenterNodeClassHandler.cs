using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>Karpenter <c>EC2NodeClass</c>es (cluster-scoped, <c>karpenter.k8s.aws/v1</c>).</summary>
public sealed class KarpenterNodeClassHandler(KubernetesHandlerContext context) : CustomObjectHandler<KarpenterNodeClass>(context)
{
    /// <inheritdoc />
    protected override string Group => KarpenterManifests.AwsGroup;

    /// <inheritdoc />
    protected override string Version => KarpenterManifests.Version;

    /// <inheritdoc />
    protected override string InstalledBy => KarpenterManifests.InstalledBy;

    /// <inheritdoc />
    protected override string Plural => KarpenterManifests.NodeClasses;

    /// <inheritdoc />
    protected override string? NamespaceOf(KarpenterNodeClass resource) => null;

    /// <inheritdoc />
    protected override object Manifest(KarpenterNodeClass desired) => KarpenterManifests.NodeClassManifest(desired);

    /// <inheritdoc />
    protected override KarpenterNodeClass FromLive(JsonObject live, KarpenterNodeClass? desired, string cluster)
    {
        var template = desired ?? new KarpenterNodeClass { Name = CustomObjectMeta.Name(live), Cluster = cluster, AmiAlias = "", Role = "", Discovery = "" };
        return KarpenterManifests.NodeClassOf(live, template with
        {
            Labels = OwnedMap(live, desired?.Labels, "labels"),
            Annotations = OwnedMap(live, desired?.Annotations, "annotations"),
        });
    }
}
