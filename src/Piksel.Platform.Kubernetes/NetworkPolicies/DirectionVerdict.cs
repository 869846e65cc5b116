namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>
/// One side's answer: whether the pod is isolated in this direction (some policy selects it with that type), which
/// policies select it, and which rule allowed the connection, if any.
/// </summary>
/// <param name="Direction">Egress (judged at the source) or Ingress (at the destination).</param>
/// <param name="Applies">False when that end is not a pod (an outside address): no policy judges it.</param>
/// <param name="SelectingPolicies">The policies selecting the pod for this direction, <c>namespace/name</c>.</param>
/// <param name="AllowedBy">The first rule allowing the connection (<c>ns/name egress[0]</c>), or null.</param>
public sealed record DirectionVerdict(TrafficDirection Direction, bool Applies, IReadOnlyList<string> SelectingPolicies, string? AllowedBy)
{
    /// <summary>Whether the pod is isolated in this direction.</summary>
    public bool Isolated => Applies && SelectingPolicies.Count > 0;

    /// <summary>Whether this side lets the connection through.</summary>
    public bool Allowed => !Isolated || AllowedBy is not null;

    /// <summary>The verdict in words.</summary>
    public string Explain()
    {
        var side = Direction == TrafficDirection.Egress ? "egress" : "ingress";
        if (!Applies)
        {
            return $"{side}: not a pod, no policy applies";
        }

        if (!Isolated)
        {
            return $"{side}: not isolated (no policy selects the pod for {side})";
        }

        var by = string.Join(", ", SelectingPolicies);
        return AllowedBy is null ? $"{side}: isolated by {by}; no rule allows it" : $"{side}: allowed by {AllowedBy}";
    }
}
