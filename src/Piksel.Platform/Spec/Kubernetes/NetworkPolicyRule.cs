namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>One ingress or egress rule: traffic with any of <see cref="Peers"/> on any of <see cref="Ports"/>.</summary>
public sealed record NetworkPolicyRule
{
    /// <summary>The peers (ingress: sources; egress: destinations); empty means every peer. Default: none.</summary>
    public IReadOnlyList<NetworkPolicyPeer> Peers { get; init; } = [];

    /// <summary>The destination ports; empty means every port. Default: none.</summary>
    public IReadOnlyList<NetworkPolicyPort> Ports { get; init; } = [];
}
