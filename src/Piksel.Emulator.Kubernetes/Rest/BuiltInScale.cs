using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Crds;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The <c>scale</c> subresource of the built-in scalable kinds (deployments, replicasets, statefulsets,
/// replicationcontrollers): spec.replicas and status.replicas, served as a custom resource's scale is.
/// </summary>
internal static class BuiltInScale
{
    private static readonly ScalePaths Replicas = new(".spec.replicas", ".status.replicas", null);

    /// <summary>The scale paths of <paramref name="type"/> when it is a built-in kind with a scale subresource.</summary>
    public static ScalePaths? For(ResourceType type) => type.Custom is null && (type.Group, type.Plural) is
        ("apps", "deployments" or "replicasets" or "statefulsets") or ("", "replicationcontrollers") ? Replicas : null;
}
