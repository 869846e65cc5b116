namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>The side of a connection a policy judges.</summary>
public enum TrafficDirection
{
    /// <summary>The source's outgoing traffic.</summary>
    Egress,

    /// <summary>The destination's incoming traffic.</summary>
    Ingress,
}
