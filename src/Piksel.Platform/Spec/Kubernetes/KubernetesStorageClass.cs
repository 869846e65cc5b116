namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A StorageClass (cluster-scoped). Kubernetes lets nothing of a class change but its metadata and
/// <c>allowVolumeExpansion</c>, so a changed provisioner, parameters, reclaim policy or binding mode replaces it.
/// </summary>
public sealed record KubernetesStorageClass : KubernetesResource
{
    /// <summary>The provisioner (<c>ebs.csi.aws.com</c>).</summary>
    [ForceNew]
    public required string Provisioner { get; init; }

    /// <summary>The provisioner's parameters. Default: none.</summary>
    [ForceNew]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary><c>Delete</c> or <c>Retain</c>. Default: <c>Delete</c>.</summary>
    [ForceNew]
    public string ReclaimPolicy { get; init; } = "Delete";

    /// <summary><c>Immediate</c> or <c>WaitForFirstConsumer</c>. Default: <c>WaitForFirstConsumer</c>.</summary>
    [ForceNew]
    public string VolumeBindingMode { get; init; } = "WaitForFirstConsumer";

    /// <summary>Claims may grow. Default: true.</summary>
    public bool AllowVolumeExpansion { get; init; } = true;
}
