namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// A Service of type <c>ExternalName</c>: an in-cluster DNS name (<c>&lt;name&gt;.&lt;namespace&gt;.svc</c>) that is a
/// CNAME of a name outside the cluster, such as an RDS instance's address.
/// </summary>
public sealed record KubernetesService : KubernetesResource
{
    /// <summary>The Service type; only <c>ExternalName</c> is handled. Default: <c>ExternalName</c>.</summary>
    [ForceNew]
    public string Type { get; init; } = "ExternalName";

    /// <summary>The DNS name the Service points at (usually a token, e.g. an RDS instance's <c>address</c>). No default.</summary>
    public required string ExternalName { get; init; }

    /// <summary>The ports it documents (an ExternalName Service does not proxy, but clients read them). Default: none.</summary>
    public IReadOnlyList<KubernetesServicePort> Ports { get; init; } = [];
}
