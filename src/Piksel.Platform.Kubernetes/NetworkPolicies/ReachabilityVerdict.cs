namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>Whether a connection is allowed: the source's egress and the destination's ingress must both let it through.</summary>
/// <param name="Egress">The source side.</param>
/// <param name="Ingress">The destination side.</param>
public sealed record ReachabilityVerdict(DirectionVerdict Egress, DirectionVerdict Ingress)
{
    /// <summary>Whether the connection is allowed.</summary>
    public bool Allowed => Egress.Allowed && Ingress.Allowed;

    /// <summary>Why: both sides' verdicts.</summary>
    public string Explain() => $"{Egress.Explain()}; {Ingress.Explain()}";
}
